using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// What the DCGAN generator and discriminator share: the image geometry, a forward pass that leaves nothing to the
/// finalizer, and the DCGAN weight initialisation drawn from a seeded generator.
/// </summary>
/// <remarks>
/// Images travel through the library as flat rows in channel-major (CHW, planar) order: row index
/// <c>c·S·S + y·S + x</c>. That is the layout of ML.NET's <c>ExtractPixels</c> with its defaults
/// (<c>interleavePixelColors: false</c>, red-green-blue planes, alpha not extracted; a column typed
/// <c>Vector&lt;Single, C, H, W&gt;</c> of raw 0–255 values), so such a column feeds these networks unchanged.
/// </remarks>
internal static class DcganLayers
{
    /// <summary>The image sides the DCGAN networks are built for.</summary>
    public static readonly IReadOnlyList<int> SupportedImageSizes = [28, 32, 64];

    /// <summary>Standard deviation of the DCGAN initialisation (Radford et al.): N(0, 0.02) weights, N(1, 0.02) BatchNorm scales.</summary>
    public const double InitStandardDeviation = 0.02;


    /// <summary>
    /// The side of the first feature map and the number of stride-2 resamplings between it and the image: 28 = 7·2²,
    /// 32 = 4·2³, 64 = 4·2⁴.
    /// </summary>
    public static (int StartSize, int Resamplings) Geometry(int imageSize) => imageSize switch
    {
        28 => (7, 2),
        32 => (4, 3),
        64 => (4, 4),
        _ => throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize,
            $"DCGAN networks are built for square images of {string.Join(", ", SupportedImageSizes)} pixels."),
    };

    public static void CheckArguments(int imageSize, int channels, int baseWidth)
    {
        Geometry(imageSize);
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An image needs at least one channel.");
        }

        if (baseWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(baseWidth), baseWidth, "The base width must be positive.");
        }
    }

    /// <summary>
    /// One forward function per layer, equal to the layer's own <c>forward</c> but calling the functional operations
    /// directly: TorchSharp's <c>Conv2d</c> and <c>ConvTranspose2d</c> read <c>Tensor.shape</c> to validate every input
    /// and its BatchNorm counts batches with <c>add_(1)</c> (implicit scalars), leaving 2 native objects per call each to
    /// the finalizer (measured: 8 per forward pass of the B2 generator, 6 of its discriminator; here none). The
    /// functions read the modules' current parameters at each call, so they stay valid after <c>to(device)</c> replaces
    /// them. Convolutions run through <see cref="ChannelAlignedConvolution"/>, whose gradients do not depend on what the
    /// heap held.
    /// </summary>
    public static Func<Tensor, Tensor>[] Compile(Sequential layers) =>
        layers.named_children().Select(child => Compile((Module<Tensor, Tensor>)child.module)).ToArray();

    /// <summary>Runs <paramref name="input"/> through the compiled layers.</summary>
    public static Tensor Run(Func<Tensor, Tensor>[] layers, Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            x = layer(x);
        }

        return x;
    }

    private static Func<Tensor, Tensor> Compile(Module<Tensor, Tensor> layer) => layer switch
    {
        Conv2d conv when conv.padding is not null && conv.padding_mode == PaddingModes.Zeros =>
            x => ChannelAlignedConvolution.Conv2d(x, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups),
        ConvTranspose2d conv when conv.padding is not null =>
            x => ChannelAlignedConvolution.ConvTranspose2d(x, conv.weight, conv.bias, conv.stride, conv.padding, conv.output_padding, conv.dilation, conv.groups),
        BatchNorm norm when norm.momentum is not null && norm.running_mean is not null => x => BatchNormalize(norm, x),
        _ => layer.forward,
    };

    /// <summary>
    /// TorchSharp's <c>BatchNorm.forward</c> for a module that tracks running statistics with a fixed momentum, without
    /// the implicit scalars that leave objects to the finalizer.
    /// </summary>
    public static Tensor BatchNormalize(BatchNorm norm, Tensor input)
    {
        var training = norm.training;
        if (training && norm.num_batches_tracked is { } batches)
        {
            batches.add_(LossScalars.OneInteger, LossScalars.OneInteger); // num_batches_tracked is int64: integer increment and alpha
        }

        return functional.batch_norm(input, norm.running_mean, norm.running_var, norm.weight, norm.bias, training, norm.momentum!.Value, norm.eps);
    }

    /// <summary>
    /// The DCGAN initialisation, drawn from <paramref name="random"/> in the order of <c>named_modules()</c>: convolution,
    /// transposed convolution and linear weights N(0, 0.02), BatchNorm scales N(1, 0.02), every bias 0; then the
    /// spectral-norm vectors are redrawn and warmed up on the new weights. The same seed gives the same weights; torch's
    /// global generator is never used.
    /// </summary>
    public static void Initialize(Module network, Generator random)
    {
        using var noGrad = no_grad();
        var spectralNorms = new List<SpectralNorm>();
        foreach (var (_, child) in network.named_modules())
        {
            switch (child)
            {
                case Convolution conv:
                    FillNormal(conv.weight, 0, InitStandardDeviation, random);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    FillNormal(linear.weight, 0, InitStandardDeviation, random);
                    linear.bias?.zero_();
                    break;
                case BatchNorm norm:
                    FillNormal(norm.weight, 1, InitStandardDeviation, random);
                    norm.bias?.zero_();
                    break;
                case SpectralNorm spectralNorm:
                    spectralNorms.Add(spectralNorm);
                    break;
            }
        }

        // After the weights: the power iteration starts from the weights it will normalise.
        foreach (var spectralNorm in spectralNorms)
        {
            spectralNorm.ResetVectors(random);
        }
    }

    /// <summary>The number of trainable values in <paramref name="module"/>.</summary>
    public static long ParameterCount(Module module) => module.parameters().Sum(p => p.numel());

    // TorchSharp 0.107's init.normal_ ignores its generator argument (as init.uniform_ does, see MlpLayers), so draw
    // with randn, which honours it; drawn on the CPU (where the generator lives) and copied to the parameter's device.
    private static void FillNormal(Tensor parameter, double mean, double standardDeviation, Generator random)
    {
        using var scope = NewDisposeScope();
        using var scale = standardDeviation.ToScalar();
        using var shift = mean.ToScalar();
        using var one = 1.0.ToScalar();
        var draw = randn(parameter.shape, dtype: parameter.dtype, generator: random).mul_(scale).add_(shift, one);
        parameter.copy_(draw);
    }
}
