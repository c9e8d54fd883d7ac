using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Scores rows with an MLP; one raw output (logit or critic value) per pack of <c>packSize</c> consecutive rows, as in
/// PacGAN. With <c>sharedRowLayer</c> every row of a pack passes through the same first layer, <c>hidden[0] / packSize</c>
/// units wide, and the next layer reads those features concatenated (as wide as an unpacked first layer); without it
/// (models saved before) the rows themselves are concatenated into one input.
/// </summary>
internal sealed class MlpDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Linear? _rowLayer;
    private readonly nn.Module<Tensor, Tensor>? _rowActivation;
    private readonly Sequential _layers;
    private readonly int _packedWidth;
    private readonly int _packSize;

    public MlpDiscriminator(int rowDimension, int packSize, IReadOnlyList<int> hidden, GanActivation activation, double leakySlope, bool sharedRowLayer)
        : base(nameof(MlpDiscriminator))
    {
        _packSize = packSize;
        if (packSize > 1 && sharedRowLayer && hidden.Count > 0)
        {
            // A dense first layer over m concatenated rows mixes their coordinates, and that packed D stalled (PackSize 4 on
            // the grid: D's loss back at 2 ln 2 after ~300 steps, 4% HQ); a layer shared by the rows sees each row's fine
            // structure as an unpacked D does, and m rows of hidden[0] / m features keep the unpacked D's size.
            var rowWidth = Math.Max(1, hidden[0] / packSize);
            _rowLayer = nn.Linear(rowDimension, rowWidth);
            _rowActivation = MlpLayers.Activation(activation, leakySlope);
            _packedWidth = rowWidth * packSize;
            _layers = MlpLayers.Stack(_packedWidth, [.. hidden.Skip(1)], 1, activation, leakySlope);
            register_module("row_layer", _rowLayer);
            register_module("row_activation", _rowActivation);
        }
        else
        {
            _packedWidth = rowDimension * packSize;
            _layers = MlpLayers.Stack(_packedWidth, hidden, 1, activation, leakySlope);
        }

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

        var features = _rowLayer is null ? rows : _rowActivation!.forward(_rowLayer.forward(rows));
        var packed = _packSize == 1 ? features : features.reshape(rowCount / _packSize, _packedWidth);
        return _layers.forward(packed).squeeze(1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rowLayer?.Dispose();
            _rowActivation?.Dispose();
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
