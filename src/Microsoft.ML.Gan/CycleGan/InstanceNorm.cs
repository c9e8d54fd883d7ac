using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// Instance normalisation with a learnt per-channel scale and shift, as CycleGAN's networks use it: every image is
/// normalised by its own statistics, so a translation does not depend on which other images share its batch. A direct
/// call of the functional operation: TorchSharp's <c>InstanceNorm2d</c> module reads <c>Tensor.shape</c> on every
/// forward pass (a native object left to the finalizer, as with its convolutions; see <see cref="DcganLayers"/>).
/// </summary>
internal sealed class InstanceNorm : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5;

    private readonly TorchSharp.Modules.Parameter _weight;
    private readonly TorchSharp.Modules.Parameter _bias;

    public InstanceNorm(long channels)
        : base(nameof(InstanceNorm))
    {
        _weight = Parameter(ones(channels));
        _bias = Parameter(zeros(channels));
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    public override Tensor forward(Tensor input) =>
        functional.instance_norm(input, weight: _weight, bias: _bias, use_input_stats: true, eps: Epsilon);
}
