using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// CTGAN's critic with PacGAN packing: <c>pack</c> consecutive rows (each an encoded row joined to its conditional
/// vector) are judged together as one input; hidden layers are Linear → LeakyReLU → dropout, and the output one raw
/// score per pack (a WGAN-GP critic).
/// </summary>
internal sealed class TabularCritic : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly long _packedWidth;

    public TabularCritic(int rowWidth, IReadOnlyList<int> hidden, int pack, double leakySlope, double dropout, Generator random)
        : base(nameof(TabularCritic))
    {
        _packedWidth = (long)rowWidth * pack;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = (int)_packedWidth;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"activation{i}", new LeakyRelu(leakySlope)));
            if (dropout > 0)
            {
                layers.Add(($"dropout{i}", new SeededDropout(dropout, random)));
            }

            width = hidden[i];
        }

        layers.Add(("output", nn.Linear(width, 1)));
        _layers = nn.Sequential(layers);
        register_module("layers", _layers);
    }

    /// <summary>Scores (rows / pack) × 1 for rows × rowWidth input; rows must be a multiple of the pack size.</summary>
    public override Tensor forward(Tensor rows) => _layers.forward(rows.reshape(-1, _packedWidth));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
