using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// A PatchGAN discriminator sized for the CPU: C64-C128-style stride-2 4×4 convolutions (here w and 2w channels, the
/// second instance-normalised), LeakyReLU 0.2, then a stride-1 4×4 convolution to one score per overlapping patch.
/// It judges local texture (a 22-pixel receptive field) rather than the whole image, which is what a change of style
/// needs and what keeps it small: for 28×28 inputs the output is a 6×6 map. Rows are flat channel-major images; the
/// output is (n, patches) raw scores, which every <see cref="AdversarialLoss"/> averages like a batch of scores.
/// </summary>
internal sealed class PatchDiscriminator(int imageSize, int channels, int baseWidth, double leakySlope = DcganDiscriminator.DefaultLeakySlope)
    : ImageNetwork(nameof(PatchDiscriminator), imageSize, channels,
    [
        ("conv0", Conv2d(channels, baseWidth, kernel_size: 4, stride: 2, padding: 1)),
        ("act0", new LeakyRelu(leakySlope)),
        ("conv1", Conv2d(baseWidth, baseWidth * 2, kernel_size: 4, stride: 2, padding: 1)),
        ("norm1", new InstanceNorm(baseWidth * 2)),
        ("act1", new LeakyRelu(leakySlope)),
        ("patches", Conv2d(baseWidth * 2, 1, kernel_size: 4, stride: 1, padding: 1)),
    ]);
