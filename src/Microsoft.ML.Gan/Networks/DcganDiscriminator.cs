using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// The DCGAN discriminator for square images of 28, 32 or 64 pixels: stride-2 convolutions (kernel 4, padding 1) that
/// halve the side and double the channels down to 7×7 (28) or 4×4 (32, 64), LeakyReLU after each, BatchNorm after
/// every convolution but the first (optional), then one linear output. With base width w:
/// <list type="bullet">
/// <item>28: Conv(C, w) → 14 → Conv(w, 2w) → 7 → Linear(2w·7·7, 1) (the benchmark's B2 at w = 64);</item>
/// <item>32: Conv(C, w) → 16 → Conv(w, 2w) → 8 → Conv(2w, 4w) → 4 → Linear(4w·4·4, 1);</item>
/// <item>64: Conv(C, w) → 32 → 16 → 8 → Conv(4w, 8w) → 4 → Linear(8w·4·4, 1).</item>
/// </list>
/// Input rows are flat channel-major (CHW) images, as <see cref="DcganGenerator"/> produces and ML.NET's
/// <c>ExtractPixels</c> extracts; the outputs are raw scores (logits or critic values). With packing (PacGAN), m
/// consecutive images are stacked along the channels of one input (m·C channels), as the PacGAN paper does for
/// convolutional discriminators.
/// </summary>
internal sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    /// <summary>The LeakyReLU slope of DCGAN.</summary>
    public const double DefaultLeakySlope = 0.2;

    private readonly Sequential _layers;
    private readonly Func<Tensor, Tensor>[] _forward;

    /// <param name="imageSize">Side S of the square image: 28, 32 or 64.</param>
    /// <param name="channels">Channels C of the image.</param>
    /// <param name="baseWidth">Feature maps w of the first convolution; doubled at each following one.</param>
    /// <param name="useBatchNorm">BatchNorm after every convolution but the first. Turn it off for spectral
    /// normalisation and for WGAN-GP (the gradient penalty is per sample; batch statistics mix samples).</param>
    /// <param name="spectralNorm">Spectral normalisation of every convolution and of the output layer.</param>
    /// <param name="leakySlope">The LeakyReLU slope.</param>
    /// <param name="packSize">Images judged together in one input (PacGAN); 1 for none.</param>
    public DcganDiscriminator(int imageSize, int channels, int baseWidth = DcganGenerator.DefaultBaseWidth, bool useBatchNorm = true,
        bool spectralNorm = false, double leakySlope = DefaultLeakySlope, int packSize = 1)
        : base(nameof(DcganDiscriminator))
    {
        DcganLayers.CheckArguments(imageSize, channels, baseWidth);
        if (useBatchNorm && spectralNorm)
        {
            throw new ArgumentException("Spectral normalisation replaces BatchNorm in the discriminator: turn BatchNorm off to use it.", nameof(useBatchNorm));
        }

        if (packSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(packSize), packSize, "The pack size must be positive.");
        }

        ImageSize = imageSize;
        Channels = channels;
        BaseWidth = baseWidth;
        UsesBatchNorm = useBatchNorm;
        UsesSpectralNorm = spectralNorm;
        PackSize = packSize;

        var (end, downsamplings) = DcganLayers.Geometry(imageSize);
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long inputs = channels * packSize;
        long width = baseWidth;
        for (var i = 0; i < downsamplings; i++)
        {
            layers.Add(($"downsample{i}", Normalized(Conv2d(inputs, width, kernel_size: 4, stride: 2, padding: 1))));
            if (useBatchNorm && i > 0)
            {
                layers.Add(($"norm{i}", BatchNorm2d(width)));
            }

            layers.Add(($"act{i}", new LeakyRelu(leakySlope)));
            inputs = width;
            width *= 2;
        }

        layers.Add(("flatten", Flatten()));
        layers.Add(("output", Normalized(Linear(inputs * end * end, 1))));
        _layers = Sequential(layers);
        register_module("layers", _layers);
        _forward = DcganLayers.Compile(_layers);
    }

    public int ImageSize { get; }

    public int Channels { get; }

    public int BaseWidth { get; }

    public bool UsesBatchNorm { get; }

    public bool UsesSpectralNorm { get; }

    public int PackSize { get; }

    /// <summary>Length of an input row: C·S·S.</summary>
    public int InputDimension => Channels * ImageSize * ImageSize;

    /// <summary>Flat images (n, C·S·S), n a multiple of the pack size → scores (n / packSize).</summary>
    public override Tensor forward(Tensor rows)
    {
        // size(i), not shape: reading shape leaves a pinned array to the finalizer on every call (measured).
        var rowCount = rows.size(0);
        if (rows.dim() != 2 || rows.size(1) != InputDimension)
        {
            throw new ArgumentException($"The discriminator takes rows of {InputDimension} values ({Channels}×{ImageSize}×{ImageSize} images).", nameof(rows));
        }

        if (rowCount % PackSize != 0)
        {
            throw new ArgumentException($"The discriminator packs {PackSize} rows per input; got {rowCount} rows.", nameof(rows));
        }

        var images = rows.reshape(rowCount / PackSize, PackSize * Channels, ImageSize, ImageSize);
        return DcganLayers.Run(_forward, images).squeeze(1);
    }

    private Module<Tensor, Tensor> Normalized(Module<Tensor, Tensor> layer) => UsesSpectralNorm ? new SpectralNorm(layer) : layer;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
