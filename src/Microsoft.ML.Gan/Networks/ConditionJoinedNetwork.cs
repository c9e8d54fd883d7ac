using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Conditions a network by joining: each input row is a head (a latent vector, or a flat channel-major image) followed
/// by a condition; the condition goes through a learnt linear embedding and is joined to the head, and the wrapped
/// network reads the result. For the generators the embedding joins the latent vector; for the MLP discriminator it
/// joins the row (concatenation); for the DCGAN discriminator it is one image-sized plane, which after a channel-major
/// image is one more input channel.
/// </summary>
internal sealed class ConditionJoinedNetwork : nn.Module<Tensor, Tensor>
{
    private readonly int _headDimension;
    private readonly int _conditionDimension;
    private readonly TorchSharp.Modules.Linear _embedding;
    private readonly nn.Module<Tensor, Tensor> _network;

    public ConditionJoinedNetwork(int headDimension, int conditionDimension, int embeddingDimension, nn.Module<Tensor, Tensor> network)
        : base(nameof(ConditionJoinedNetwork))
    {
        _headDimension = headDimension;
        _conditionDimension = conditionDimension;
        _embedding = nn.Linear(conditionDimension, embeddingDimension, hasBias: false);
        _network = network;
        register_module("embedding", _embedding);
        register_module("network", _network);
    }

    /// <summary>A conditional MLP generator: latent ⊕ condition → rows.</summary>
    public static ConditionJoinedNetwork MlpGenerator(int latentDimension, int conditionDimension, int embeddingDimension, IReadOnlyList<int> hidden,
        int outputDimension, GanActivation activation, double leakySlope, GanOutputActivation output) =>
        new(latentDimension, conditionDimension, embeddingDimension,
            new MlpGenerator(latentDimension + embeddingDimension, hidden, outputDimension, activation, leakySlope, output));

    /// <summary>A conditional MLP discriminator by concatenation: row ⊕ condition → one score.</summary>
    public static ConditionJoinedNetwork MlpDiscriminator(int featureDimension, int conditionDimension, int embeddingDimension, IReadOnlyList<int> hidden,
        GanActivation activation, double leakySlope) =>
        new(featureDimension, conditionDimension, embeddingDimension,
            new MlpDiscriminator(featureDimension + embeddingDimension, 1, hidden, activation, leakySlope, sharedRowLayer: false));

    /// <summary>A conditional DCGAN generator: latent ⊕ condition → flat images.</summary>
    public static ConditionJoinedNetwork DcganGenerator(int latentDimension, int conditionDimension, int embeddingDimension, int imageSize, int channels, int baseWidth) =>
        new(latentDimension, conditionDimension, embeddingDimension,
            new DcganGenerator(latentDimension + embeddingDimension, imageSize, channels, baseWidth));

    /// <summary>A conditional DCGAN discriminator: flat image ⊕ condition → one score, the condition as an extra channel.</summary>
    public static ConditionJoinedNetwork DcganDiscriminator(int conditionDimension, int imageSize, int channels, int baseWidth, bool useBatchNorm,
        bool spectralNorm, double leakySlope) =>
        new(channels * imageSize * imageSize, conditionDimension, imageSize * imageSize,
            new DcganDiscriminator(imageSize, channels + 1, baseWidth, useBatchNorm, spectralNorm, leakySlope, packSize: 1));

    public override Tensor forward(Tensor headAndCondition)
    {
        var head = headAndCondition.narrow(1, 0, _headDimension);
        var condition = headAndCondition.narrow(1, _headDimension, _conditionDimension);
        var embedded = _embedding.forward(condition);
        var joined = empty(head.size(0), _headDimension + embedded.size(1), dtype: head.dtype, device: head.device);
        TensorMemory.WriteColumns(joined, head, embedded);
        return _network.forward(joined);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _embedding.Dispose();
            _network.Dispose();
        }

        base.Dispose(disposing);
    }
}
