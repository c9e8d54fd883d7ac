using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// A conditional MLP generator. Its input row is the latent vector followed by the condition (one-hot label or
/// condition vector); the condition is embedded by a learnt linear map and joined to the latent vector, then an MLP and
/// Tanh make the row in [−1, 1] (or the MLP alone with <see cref="GanOutputActivation.Linear"/>).
/// </summary>
internal sealed class ConditionalMlpGenerator : nn.Module<Tensor, Tensor>
{
    private readonly int _latentDimension;
    private readonly int _conditionDimension;
    private readonly Linear _embedding;
    private readonly Sequential _layers;
    private readonly Tanh? _squash;

    public ConditionalMlpGenerator(int latentDimension, int conditionDimension, int embeddingDimension, IReadOnlyList<int> hidden, int outputDimension,
        GanActivation activation, double leakySlope, GanOutputActivation output = GanOutputActivation.Tanh)
        : base(nameof(ConditionalMlpGenerator))
    {
        _latentDimension = latentDimension;
        _conditionDimension = conditionDimension;
        _embedding = nn.Linear(conditionDimension, embeddingDimension, hasBias: false);
        _layers = MlpLayers.Stack(latentDimension + embeddingDimension, hidden, outputDimension, activation, leakySlope);
        register_module("embedding", _embedding);
        register_module("layers", _layers);
        if (output == GanOutputActivation.Tanh)
        {
            _squash = nn.Tanh();
            register_module("squash", _squash);
        }
    }

    /// <summary>Rows of latent ⊕ condition, (n, latent + condition) → rows (n, output).</summary>
    public override Tensor forward(Tensor latentAndCondition)
    {
        var latent = latentAndCondition.narrow(1, 0, _latentDimension);
        var condition = latentAndCondition.narrow(1, _latentDimension, _conditionDimension);
        var rows = _layers.forward(cat([latent, _embedding.forward(condition)], 1));
        return _squash is null ? rows : _squash.forward(rows);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _embedding.Dispose();
            _layers.Dispose();
            _squash?.Dispose();
        }

        base.Dispose(disposing);
    }
}
