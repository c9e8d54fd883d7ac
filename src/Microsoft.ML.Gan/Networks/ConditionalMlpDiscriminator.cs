using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// A conditional MLP discriminator: one raw score per row of features followed by the condition. With
/// <see cref="GanConditioning.Concatenation"/> the embedded condition is joined to the features before the first layer;
/// with <see cref="GanConditioning.Projection"/> the score is <c>ψ(φ(x)) + ⟨E c, φ(x)⟩</c>, where φ are the last hidden
/// features and E a learnt embedding (Miyato and Koyama, 2018).
/// </summary>
internal sealed class ConditionalMlpDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly int _featureDimension;
    private readonly int _conditionDimension;
    private readonly GanConditioning _conditioning;
    private readonly Linear _embedding;
    private readonly Sequential _layers;
    private readonly Linear? _head;

    public ConditionalMlpDiscriminator(int featureDimension, int conditionDimension, int embeddingDimension, IReadOnlyList<int> hidden,
        GanActivation activation, double leakySlope, GanConditioning conditioning)
        : base(nameof(ConditionalMlpDiscriminator))
    {
        _featureDimension = featureDimension;
        _conditionDimension = conditionDimension;
        _conditioning = conditioning;
        if (conditioning == GanConditioning.Projection)
        {
            // The projection embeds the condition into the space of the last hidden features (or the row itself).
            var featuresWidth = hidden.Count > 0 ? hidden[^1] : featureDimension;
            _embedding = nn.Linear(conditionDimension, featuresWidth, hasBias: false);
            _layers = MlpLayers.Stack(featureDimension, hidden, null, activation, leakySlope);
            _head = nn.Linear(featuresWidth, 1);
            register_module("head", _head);
        }
        else
        {
            _embedding = nn.Linear(conditionDimension, embeddingDimension, hasBias: false);
            _layers = MlpLayers.Stack(featureDimension + embeddingDimension, hidden, 1, activation, leakySlope);
        }

        register_module("embedding", _embedding);
        register_module("layers", _layers);
    }

    /// <summary>Rows of features ⊕ condition (n, features + condition) → scores (n).</summary>
    public override Tensor forward(Tensor rowsAndConditions)
    {
        var rows = rowsAndConditions.narrow(1, 0, _featureDimension);
        var condition = rowsAndConditions.narrow(1, _featureDimension, _conditionDimension);
        if (_conditioning == GanConditioning.Concatenation)
        {
            return _layers.forward(cat([rows, _embedding.forward(condition)], 1)).squeeze(1);
        }

        var features = _layers.forward(rows);
        return _head!.forward(features).squeeze(1).add_(_embedding.forward(condition).mul_(features).sum(1));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _embedding.Dispose();
            _layers.Dispose();
            _head?.Dispose();
        }

        base.Dispose(disposing);
    }
}
