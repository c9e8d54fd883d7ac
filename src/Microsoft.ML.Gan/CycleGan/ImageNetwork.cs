using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// What CycleGAN's convolutional networks share: a stack of layers run through <see cref="DcganLayers"/>' functional
/// calls (nothing left to the finalizer), on flat channel-major image rows that are reshaped to (n, C, S, S) on the way
/// in and flattened on the way out.
/// </summary>
internal abstract class ImageNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly Func<Tensor, Tensor>[] _forward;

    protected ImageNetwork(string name, int imageSize, int channels, IList<(string, Module<Tensor, Tensor>)> layers)
        : base(name)
    {
        ImageSize = imageSize;
        Channels = channels;
        _layers = Sequential(layers);
        register_module("layers", _layers);
        _forward = DcganLayers.Compile(_layers);
    }

    public int ImageSize { get; }

    public int Channels { get; }

    /// <summary>Flat images (n, C·S·S) → the last layer's output, flattened per image.</summary>
    public override Tensor forward(Tensor rows)
    {
        var images = rows.reshape(rows.size(0), Channels, ImageSize, ImageSize);
        return DcganLayers.Run(_forward, images).flatten(1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
