using System;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// The residual block of CycleGAN's generator: two 3×3 convolutions with instance normalisation and a skip connection,
/// <c>x + IN(conv(ReLU(IN(conv(x)))))</c>. The skip lets a block start as the identity, so a deep generator begins
/// close to copying its (downsampled) input and learns only the change of style.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Sequential _layers;
    private readonly Func<Tensor, Tensor>[] _forward;

    public ResidualBlock(long channels)
        : base(nameof(ResidualBlock))
    {
        _layers = Sequential(
            ("conv0", Conv2d(channels, channels, kernel_size: 3, padding: 1)),
            ("norm0", new InstanceNorm(channels)),
            ("act0", ReLU()),
            ("conv1", Conv2d(channels, channels, kernel_size: 3, padding: 1)),
            ("norm1", new InstanceNorm(channels)));
        register_module("layers", _layers);
        _forward = DcganLayers.Compile(_layers);
    }

    public override Tensor forward(Tensor input) => LossScalars.Plus(input, DcganLayers.Run(_forward, input));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
