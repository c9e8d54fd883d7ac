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
    /// <summary>The variance epsilon, as PyTorch's default.</summary>
    public const double Epsilon = 1e-5;

    public InstanceNorm(long channels)
        : base(nameof(InstanceNorm))
    {
        register_parameter("weight", Parameter(ones(channels)));
        register_parameter("bias", Parameter(zeros(channels)));
    }

    // Looked up at each call: moving the module to another device or type replaces its parameters.
    public override Tensor forward(Tensor input) =>
        functional.instance_norm(input, weight: get_parameter("weight"), bias: get_parameter("bias"), use_input_stats: true, eps: Epsilon);
}
