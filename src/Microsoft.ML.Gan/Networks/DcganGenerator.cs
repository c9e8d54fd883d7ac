using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// The DCGAN generator (Radford et al., 2016) for square images of 28, 32 or 64 pixels: a linear projection of the
/// latent vector to a small feature map, then stride-2 transposed convolutions (kernel 4, padding 1) that double the side
/// and halve the channels, BatchNorm and ReLU after every layer but the last, and Tanh. With base width w:
/// <list type="bullet">
/// <item>28: Linear(z, 2w·7·7) → (2w, 7, 7) → 14 → 28 (the benchmark's B2 at w = 64);</item>
/// <item>32: Linear(z, 4w·4·4) → (4w, 4, 4) → 8 → 16 → 32;</item>
/// <item>64: Linear(z, 8w·4·4) → (8w, 4, 4) → 8 → 16 → 32 → 64.</item>
/// </list>
/// <see cref="forward"/> returns flat rows in channel-major (CHW) order, the layout of ML.NET's <c>ExtractPixels</c>
/// with its defaults, because the library treats samples as float vectors; <see cref="ForwardImages"/> keeps the
/// (n, C, S, S) shape.
/// </summary>
internal sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    /// <summary>Feature maps of the last hidden layer when not given (DCGAN's 64).</summary>
    public const int DefaultBaseWidth = 64;

    private readonly Sequential _layers;
    private readonly Func<Tensor, Tensor>[] _forward;

    /// <param name="latentDimension">Length z of the latent vector.</param>
    /// <param name="imageSize">Side S of the square image: 28, 32 or 64.</param>
    /// <param name="channels">Channels C of the image (1 for grey, 3 for RGB).</param>
    /// <param name="baseWidth">Feature maps w before the last transposed convolution; doubled at each layer towards the latent.</param>
    public DcganGenerator(int latentDimension, int imageSize, int channels, int baseWidth = DefaultBaseWidth)
        : base(nameof(DcganGenerator))
    {
        if (latentDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(latentDimension), latentDimension, "The latent dimension must be positive.");
        }

        DcganLayers.CheckArguments(imageSize, channels, baseWidth);
        LatentDimension = latentDimension;
        ImageSize = imageSize;
        Channels = channels;
        BaseWidth = baseWidth;

        var (start, upsamplings) = DcganLayers.Geometry(imageSize);
        long width = baseWidth << (upsamplings - 1);
        var projected = width * start * start;
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("project", Linear(latentDimension, projected)),
            ("project_norm", BatchNorm1d(projected)),
            ("project_act", ReLU()),
            ("reshape", Unflatten(1, [width, start, start])),
        };
        for (var i = 0; i < upsamplings - 1; i++)
        {
            layers.Add(($"upsample{i}", ConvTranspose2d(width, width / 2, kernel_size: 4, stride: 2, padding: 1)));
            layers.Add(($"norm{i}", BatchNorm2d(width / 2)));
            layers.Add(($"act{i}", ReLU()));
            width /= 2;
        }

        layers.Add(($"upsample{upsamplings - 1}", ConvTranspose2d(width, channels, kernel_size: 4, stride: 2, padding: 1)));
        layers.Add(("squash", Tanh()));
        _layers = Sequential(layers);
        register_module("layers", _layers);
        _forward = DcganLayers.Compile(_layers);
    }

    public int LatentDimension { get; }

    public int ImageSize { get; }

    public int Channels { get; }

    public int BaseWidth { get; }

    /// <summary>Length of a generated row: C·S·S.</summary>
    public int OutputDimension => Channels * ImageSize * ImageSize;

    /// <summary>Latent vectors (n, z) → flat images (n, C·S·S) in [−1, 1], channel-major (CHW).</summary>
    public override Tensor forward(Tensor latent) => ForwardImages(latent).flatten(1);

    /// <summary>Latent vectors (n, z) → images (n, C, S, S) in [−1, 1].</summary>
    public Tensor ForwardImages(Tensor latent) => DcganLayers.Run(_forward, latent);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
