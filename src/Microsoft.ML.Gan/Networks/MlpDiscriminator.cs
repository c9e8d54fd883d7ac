using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Scores rows with an MLP; one raw output (logit or critic value) per pack of <c>packSize</c> consecutive rows,
/// which are concatenated into one input as in PacGAN.
/// </summary>
internal sealed class MlpDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly int _rowDimension;
    private readonly int _packSize;

    public MlpDiscriminator(int rowDimension, int packSize, IReadOnlyList<int> hidden, GanActivation activation, double leakySlope)
        : base(nameof(MlpDiscriminator))
    {
        _rowDimension = rowDimension;
        _packSize = packSize;
        _layers = MlpLayers.Stack(rowDimension * packSize, hidden, 1, activation, leakySlope);
        register_module("layers", _layers);
    }

    /// <summary>Rows (n, d) with n a multiple of the pack size → scores (n / packSize).</summary>
    public override Tensor forward(Tensor rows)
    {
        // size(0), not shape: reading shape leaves a pinned array to the finalizer on every call (measured).
        var rowCount = rows.size(0);
        if (rowCount % _packSize != 0)
        {
            throw new ArgumentException($"The discriminator packs {_packSize} rows per input; got {rowCount} rows.", nameof(rows));
        }

        var packed = _packSize == 1 ? rows : rows.reshape(rowCount / _packSize, _rowDimension * _packSize);
        return _layers.forward(packed).squeeze(1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
