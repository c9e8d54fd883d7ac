using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>CTGAN's generator block: <c>[ReLU(BatchNorm(Linear(x))), x]</c>, so each block widens the row by its width.</summary>
internal sealed class TabularResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Linear _linear;
    private readonly BatchNorm1d _norm;

    public TabularResidualBlock(int inputs, int width)
        : base(nameof(TabularResidualBlock))
    {
        _linear = nn.Linear(inputs, width);
        _norm = nn.BatchNorm1d(width);
        register_module("linear", _linear);
        register_module("norm", _norm);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = DcganLayers.BatchNormalize(_norm, _linear.forward(input)).relu_();
        // [hidden, input] written into one tensor: torch.cat would leave its handle array to the finalizer.
        var joined = empty(input.size(0), hidden.size(1) + input.size(1), dtype: input.dtype, device: input.device);
        TensorMemory.WriteColumns(joined, hidden, input);
        return joined.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _linear.Dispose();
            _norm.Dispose();
        }

        base.Dispose(disposing);
    }
}
