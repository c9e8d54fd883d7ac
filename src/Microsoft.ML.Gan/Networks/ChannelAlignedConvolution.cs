using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The one way every network in the library convolves: <c>conv2d</c> and <c>conv_transpose2d</c> with their channel
/// counts padded with zeros to a multiple of <see cref="ChannelBlock"/> on the CPU, and the output sliced back.
/// </summary>
/// <remarks>
/// libtorch's CPU convolutions run on oneDNN, which stores activations and gradients in a blocked layout of 16 channels
/// (8 with AVX2 only). When a channel count is not a multiple of the block, the last block has padded lanes, and some
/// kernels (measured with libtorch 2.10 on an AVX-512 AMD EPYC: stride-1 backward-data, transposed convolutions, inputs
/// of 24 channels, ...) sum those lanes without zeroing them first. Finite garbage there is multiplied by zero weights
/// and vanishes; NaN or ∞ bytes left by earlier tensors do not, so a gradient became NaN or not depending on what the
/// heap held. With every channel count a multiple of 16 (and so of 8) there are no padded lanes to read. The zero input
/// channels meet zero weights and the extra output channels are dropped, so forward values and gradients are those of
/// the unpadded convolution; the cost is the padded layers' extra multiply-adds. Fewer than 16 channels on the image side
/// of a layer stay as they are (see <c>ImageSideShortfall</c>). Other devices run the convolution as it is.
/// </remarks>
internal static class ChannelAlignedConvolution
{
    /// <summary>The channel block the CPU path aligns to: oneDNN's AVX-512 block, a multiple of its AVX2 block.</summary>
    public const long ChannelBlock = 16;

    /// <summary><c>conv2d</c> with weight (out, in, kh, kw); equal in value and gradient to <c>nn.functional.conv2d</c>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        var (outChannels, inChannels) = (weight.size(0), weight.size(1));
        var (outPad, inPad) = (Shortfall(outChannels), ImageSideShortfall(inChannels));
        if (!Aligns(input, groups) || (outPad == 0 && inPad == 0))
        {
            return nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
        }

        var output = nn.functional.conv2d(
            PadChannels(input, inPad),
            nn.functional.pad(weight, [0, 0, 0, 0, 0, inPad, 0, outPad]),
            PadBias(bias, outPad),
            stride, padding, dilation);
        return outPad == 0 ? output : output.narrow(1, 0, outChannels);
    }

    /// <summary>
    /// <c>conv_transpose2d</c> with weight (in, out, kh, kw); equal in value and gradient to
    /// <c>nn.functional.conv_transpose2d</c>.
    /// </summary>
    public static Tensor ConvTranspose2d(
        Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] outputPadding, long[] dilation, long groups)
    {
        var (inChannels, outChannels) = (weight.size(0), weight.size(1));
        var (inPad, outPad) = (Shortfall(inChannels), ImageSideShortfall(outChannels));
        if (!Aligns(input, groups) || (outPad == 0 && inPad == 0))
        {
            return nn.functional.conv_transpose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups);
        }

        var output = nn.functional.conv_transpose2d(
            PadChannels(input, inPad),
            nn.functional.pad(weight, [0, 0, 0, 0, 0, outPad, 0, inPad]),
            PadBias(bias, outPad),
            stride, padding, outputPadding, dilation);
        return outPad == 0 ? output : output.narrow(1, 0, outChannels);
    }

    /// <summary>Zero channels to add to <paramref name="channels"/> to reach a multiple of <see cref="ChannelBlock"/>.</summary>
    public static long Shortfall(long channels) => (ChannelBlock - (channels % ChannelBlock)) % ChannelBlock;

    // The image side of a layer (a convolution's input, a transposed convolution's output) with fewer channels than one
    // block is kept in oneDNN's plain layout, which has no padded lanes (its kernels for an image's 1-3 channels), so
    // only the other side needs aligning; padding it would multiply the cost of the thin first and last layers by up
    // to 16 for nothing. ConvolutionGradientTests checks 1, 3 and 8 channels there under NaN garbage.
    private static long ImageSideShortfall(long channels) => channels < ChannelBlock ? 0 : Shortfall(channels);

    // Only the CPU path has the padded lanes. Grouped convolutions would need every group padded; none of the library's
    // networks uses them, so they are refused rather than run on the hazardous path.
    private static bool Aligns(Tensor input, long groups)
    {
        if (input.device_type != DeviceType.CPU)
        {
            return false;
        }

        if (groups != 1)
        {
            throw new NotSupportedException($"Grouped convolutions (groups = {groups}) are not supported on the CPU: their channel blocks cannot be aligned.");
        }

        return true;
    }

    private static Tensor PadChannels(Tensor input, long pad) => pad == 0 ? input : nn.functional.pad(input, [0, 0, 0, 0, 0, pad]);

    private static Tensor? PadBias(Tensor? bias, long pad) => bias is null || pad == 0 ? bias : nn.functional.pad(bias, [0, pad]);
}
