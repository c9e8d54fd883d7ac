using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// CycleGAN's ResNet generator (Johnson et al., as used by Zhu et al.), sized for the CPU. With base width w, d
/// downsamplings and r residual blocks: c7s1-w, then d stride-2 3×3 convolutions doubling the channels, r residual
/// blocks, d stride-2 3×3 transposed convolutions halving them, and c7s1-C with Tanh; instance normalisation and ReLU
/// after every convolution but the last. For 28×28 grey digits with the defaults (w = 16, d = 2, r = 3):
/// c7s1-16, d32 (14×14), d64 (7×7), R64 ×3, u32, u16, c7s1-1. Zero padding stands in for the paper's reflection padding.
/// Rows are flat channel-major (CHW) images in [−1, 1], in and out.
/// </summary>
internal sealed class ResnetGenerator(int imageSize, int channels, int baseWidth, int downsamplings, int residualBlocks)
    : ImageNetwork(nameof(ResnetGenerator), imageSize, channels, Layers(channels, baseWidth, downsamplings, residualBlocks))
{
    private static List<(string, Module<Tensor, Tensor>)> Layers(int channels, long width, int downsamplings, int residualBlocks)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("stem", Conv2d(channels, width, kernel_size: 7, padding: 3)),
            ("stem_norm", new InstanceNorm(width)),
            ("stem_act", ReLU()),
        };
        for (var i = 0; i < downsamplings; i++)
        {
            layers.Add(($"down{i}", Conv2d(width, width * 2, kernel_size: 3, stride: 2, padding: 1)));
            layers.Add(($"down{i}_norm", new InstanceNorm(width * 2)));
            layers.Add(($"down{i}_act", ReLU()));
            width *= 2;
        }

        for (var i = 0; i < residualBlocks; i++)
        {
            layers.Add(($"block{i}", new ResidualBlock(width)));
        }

        for (var i = 0; i < downsamplings; i++)
        {
            layers.Add(($"up{i}", ConvTranspose2d(width, width / 2, kernel_size: 3, stride: 2, padding: 1, output_padding: 1)));
            layers.Add(($"up{i}_norm", new InstanceNorm(width / 2)));
            layers.Add(($"up{i}_act", ReLU()));
            width /= 2;
        }

        layers.Add(("head", Conv2d(width, channels, kernel_size: 7, padding: 3)));
        layers.Add(("squash", Tanh()));
        return layers;
    }
}
