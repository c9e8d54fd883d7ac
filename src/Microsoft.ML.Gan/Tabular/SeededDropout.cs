using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Inverted dropout whose mask is drawn from a given <see cref="Generator"/>, so training is reproducible from a seed
/// without torch's global generator (which <c>nn.Dropout</c> uses). The identity in evaluation mode.
/// </summary>
internal sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly Generator _random;
    private readonly Scalar _probability;
    private readonly Scalar _scale;

    public SeededDropout(double probability, Generator random)
        : base(nameof(SeededDropout))
    {
        _random = random;
        _probability = probability.ToScalar();
        _scale = (1 / (1 - probability)).ToScalar();
    }

    public override Tensor forward(Tensor input)
    {
        if (!training)
        {
            return input.alias();
        }

        using var scope = NewDisposeScope();
        var keep = rand(TensorMemory.Shape(input), dtype: input.dtype, device: input.device, generator: _random).ge_(_probability);
        return input.mul(keep).mul_(_scale).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _probability.Dispose();
            _scale.Dispose();
        }

        base.Dispose(disposing);
    }
}
