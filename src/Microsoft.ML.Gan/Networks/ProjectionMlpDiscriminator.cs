using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// A conditional MLP discriminator with projection (Miyato and Koyama, 2018): one raw score per row of features
/// followed by its condition, <c>ψ(φ(x)) + ⟨E c, φ(x)⟩</c>, where φ are the last hidden features and E a learnt
/// embedding. (Conditioning by concatenation is <see cref="ConditionJoinedNetwork"/>.)
/// </summary>
internal sealed class ProjectionMlpDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly int _featureDimension;
    private readonly int _conditionDimension;
    private readonly Linear _embedding;
    private readonly Sequential _layers;
    private readonly Linear _head;

    public ProjectionMlpDiscriminator(int featureDimension, int conditionDimension, IReadOnlyList<int> hidden, GanActivation activation, double leakySlope)
        : base(nameof(ProjectionMlpDiscriminator))
    {
        _featureDimension = featureDimension;
        _conditionDimension = conditionDimension;

        // The projection embeds the condition into the space of the last hidden features (or the row itself).
        var featuresWidth = hidden.Count > 0 ? hidden[^1] : featureDimension;
        _embedding = nn.Linear(conditionDimension, featuresWidth, hasBias: false);
        _layers = MlpLayers.Stack(featureDimension, hidden, null, activation, leakySlope);
        _head = nn.Linear(featuresWidth, 1);
        register_module("head", _head);
        register_module("embedding", _embedding);
        register_module("layers", _layers);
    }

    /// <summary>Rows of features ⊕ condition (n, features + condition) → scores (n).</summary>
    public override Tensor forward(Tensor rowsAndConditions)
    {
        var rows = rowsAndConditions.narrow(1, 0, _featureDimension);
        var condition = rowsAndConditions.narrow(1, _featureDimension, _conditionDimension);
        var features = _layers.forward(rows);
        // add_ with its alpha: without it TorchSharp converts an implicit 1 to a scalar left to the finalizer on every call.
        return _head.forward(features).squeeze(1).add_(_embedding.forward(condition).mul_(features).sum(1), LossScalars.One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _embedding.Dispose();
            _layers.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
