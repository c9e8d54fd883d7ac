using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>
/// The built-in evaluation classifier: for vectors an MLP (input → hidden → ReLU → features → ReLU → classes), for square
/// images two stride-2 3×3 convolutions (16 and 32 channels, ReLU) before the same head. The ReLU output of the
/// penultimate layer is the feature vector for FID/KID/PR; the logits give the class probabilities. The body runs
/// through <see cref="DcganLayers.Compile(Sequential)"/>, so its convolutions take the channel-aligned path like every other network's.
/// </summary>
internal sealed class DomainClassifierNetwork : Module<Tensor, (Tensor Features, Tensor Logits)>
{
    private readonly Sequential _body;
    private readonly Func<Tensor, Tensor>[] _bodyForward;
    private readonly Linear _head;
    private readonly int _imageSize;
    private readonly int _imageChannels;

    public DomainClassifierNetwork(DomainClassifierSettings settings)
        : base(nameof(DomainClassifierNetwork))
    {
        _imageSize = settings.ImageSize ?? 0;
        _imageChannels = settings.ImageChannels;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width;
        if (settings.ImageSize is int size)
        {
            // Each stride-2 convolution with padding 1 maps a side s to ⌈s / 2⌉.
            var side = (((size + 1) / 2) + 1) / 2;
            layers.Add(("conv0", Conv2d(settings.ImageChannels, 16, 3, stride: 2, padding: 1)));
            layers.Add(("relu0", ReLU()));
            layers.Add(("conv1", Conv2d(16, 32, 3, stride: 2, padding: 1)));
            layers.Add(("relu1", ReLU()));
            layers.Add(("flatten", Flatten()));
            width = 32 * side * side;
        }
        else
        {
            layers.Add(("linear0", Linear(settings.InputDimension, settings.HiddenSize)));
            layers.Add(("relu0", ReLU()));
            width = settings.HiddenSize;
        }

        layers.Add(("features", Linear(width, settings.FeatureDimension)));
        layers.Add(("relu_features", ReLU()));
        _body = Sequential(layers);
        _head = Linear(settings.FeatureDimension, settings.Classes);
        register_module("body", _body);
        _bodyForward = DcganLayers.Compile(_body);
        register_module("head", _head);
    }

    /// <summary>Rows (n, inputDimension) → penultimate features (n, featureDimension) and logits (n, classes).</summary>
    public override (Tensor Features, Tensor Logits) forward(Tensor rows)
    {
        var input = _imageSize == 0 ? rows : rows.view(rows.size(0), _imageChannels, _imageSize, _imageSize);
        var features = DcganLayers.Run(_bodyForward, input);
        return (features, _head.forward(features));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
