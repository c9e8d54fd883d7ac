using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// LeakyReLU whose slope is one <see cref="Scalar"/> made at construction. TorchSharp's module converts the slope from a
/// double on every forward pass, leaving one native object per call to the finalizer (measured).
/// </summary>
internal sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public LeakyRelu(double slope)
        : base(nameof(LeakyRelu))
    {
        Slope = slope;
        _slope = slope.ToScalar();
    }

    /// <summary>The slope for negative inputs.</summary>
    public double Slope { get; }

    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slope.Dispose();
        }

        base.Dispose(disposing);
    }
}
