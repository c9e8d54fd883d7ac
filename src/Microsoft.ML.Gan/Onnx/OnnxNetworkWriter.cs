using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Appends a generator network's layers to an <see cref="OnnxGraph"/> as ONNX operators with the network's current
/// weights: the MLP and DCGAN generators and CycleGAN's ResNet generator, layer for layer. BatchNorm is written with
/// its running statistics (the evaluation mode every generator runs in when generating); convolutions as the plain
/// operations, which <see cref="ChannelAlignedConvolution"/> equals in value. A layer of any other kind is refused with
/// <see cref="NotSupportedException"/>. Value and initializer names follow the modules' names (for example
/// <c>generator.layers.linear0</c>).
/// </summary>
internal sealed class OnnxNetworkWriter(OnnxGraph graph)
{
    /// <summary>Appends <paramref name="module"/> reading the value <paramref name="input"/>; returns its output's name.</summary>
    public string Append(nn.Module module, string input, string path) => Append(module, input, path, unflatten: null);

    private string Append(nn.Module module, string input, string path, long[]? unflatten) => module switch
    {
        MlpGenerator or Sequential => Children(module, input, path, unflatten),
        DcganGenerator generator => Dcgan(generator, input, path),
        ImageNetwork network => Image(network, input, path),
        ResidualBlock block => graph.Node(path + ".skip", "Add", [input, Children(block, input, path, unflatten)], path + ".skip"),
        Linear linear => Gemm(linear, input, path),
        ReLU => graph.Node(path, "Relu", [input], path),
        Tanh => graph.Node(path, "Tanh", [input], path),
        LeakyRelu leaky => graph.Node(path, "LeakyRelu", [input], path, OnnxGraph.Attribute("alpha", (float)leaky.Slope)),
        BatchNorm norm => BatchNormalization(norm, input, path),
        InstanceNorm norm => InstanceNormalization(norm, input, path),
        Unflatten when unflatten is not null => Reshape(input, path, [-1, .. unflatten]),
        ConvTranspose2d conv => ConvTranspose(conv, input, path),
        Conv2d conv => Convolution(conv, input, path),
        _ => throw new NotSupportedException(
            $"GanML cannot write the layer '{path}' ({module.GetType().Name}) to ONNX: only the layers of GanML's MLP, DCGAN and CycleGAN generators are supported."),
    };

    // A child may be listed twice: TorchSharp can register a module's fields by reflection (as "_layers") next to the
    // explicit registration ("layers"), measured on the generator inside a ConditionJoinedNetwork. Each runs once.
    private string Children(nn.Module module, string input, string path, long[]? unflatten)
    {
        var written = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, child) in module.named_children())
        {
            if (written.Add(child))
            {
                input = Append(child, input, $"{path}.{name}", unflatten);
            }
        }

        return input;
    }

    // The DCGAN generator's projection is unflattened to (width, start, start) and its images flattened to CHW rows.
    private string Dcgan(DcganGenerator generator, string input, string path)
    {
        var (start, resamplings) = DcganLayers.Geometry(generator.ImageSize);
        var width = (long)generator.BaseWidth << (resamplings - 1);
        var images = Children(generator, input, path, [width, start, start]);
        return graph.Node(path + ".flatten", "Flatten", [images], path + ".flatten", OnnxGraph.Attribute("axis", 1L));
    }

    // CycleGAN's networks read flat CHW rows as (n, C, S, S) images and flatten what they return.
    private string Image(ImageNetwork network, string input, string path)
    {
        var images = Reshape(input, path + ".images", [-1, network.Channels, network.ImageSize, network.ImageSize]);
        var output = Children(network, images, path, unflatten: null);
        return graph.Node(path + ".flatten", "Flatten", [output], path + ".flatten", OnnxGraph.Attribute("axis", 1L));
    }

    private string Reshape(string input, string path, long[] shape) =>
        graph.Node(path, "Reshape", [input, graph.Int64Initializer(path + ".shape", shape)], path);

    // Linear: y = x Wᵀ + b, Gemm with transB; a Linear without bias (the condition embedding) has no C input.
    private string Gemm(Linear linear, string input, string path)
    {
        var inputs = linear.bias is { } bias
            ? new[] { input, Weight(linear.weight, path + ".weight"), Weight(bias, path + ".bias") }
            : [input, Weight(linear.weight, path + ".weight")];
        return graph.Node(path, "Gemm", inputs, path, OnnxGraph.Attribute("transB", 1L));
    }

    private string BatchNormalization(BatchNorm norm, string input, string path)
    {
        if (norm.weight is null || norm.bias is null || norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"GanML cannot write the BatchNorm '{path}' to ONNX: it needs an affine transform and running statistics.");
        }

        return graph.Node(path, "BatchNormalization",
            [input, Weight(norm.weight, path + ".weight"), Weight(norm.bias, path + ".bias"),
             Weight(norm.running_mean, path + ".running_mean"), Weight(norm.running_var, path + ".running_var")],
            path, OnnxGraph.Attribute("epsilon", (float)norm.eps));
    }

    private string InstanceNormalization(InstanceNorm norm, string input, string path)
    {
        var parameters = norm.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        return graph.Node(path, "InstanceNormalization",
            [input, Weight(parameters["weight"], path + ".weight"), Weight(parameters["bias"], path + ".bias")],
            path, OnnxGraph.Attribute("epsilon", (float)InstanceNorm.Epsilon));
    }

    private string Convolution(Conv2d conv, string input, string path)
    {
        if (conv.padding is not { } padding || conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"GanML cannot write the convolution '{path}' to ONNX: only explicit zero padding is supported.");
        }

        return graph.Node(path, "Conv", ConvolutionInputs(conv, input, path), path, ConvolutionAttributes(conv, padding));
    }

    private string ConvTranspose(ConvTranspose2d conv, string input, string path)
    {
        if (conv.padding is not { } padding || conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"GanML cannot write the transposed convolution '{path}' to ONNX: only explicit zero padding is supported.");
        }

        return graph.Node(path, "ConvTranspose", ConvolutionInputs(conv, input, path), path,
            [.. ConvolutionAttributes(conv, padding), OnnxGraph.Attribute("output_padding", conv.output_padding)]);
    }

    private string[] ConvolutionInputs(Convolution conv, string input, string path) => conv.bias is { } bias
        ? [input, Weight(conv.weight, path + ".weight"), Weight(bias, path + ".bias")]
        : [input, Weight(conv.weight, path + ".weight")];

    // Torch's (height, width) padding is ONNX's [top, left, bottom, right]. The weight layouts are ONNX's already:
    // Conv (out, in, kh, kw), ConvTranspose (in, out, kh, kw).
    private static ProtoMessage[] ConvolutionAttributes(Convolution conv, long[] padding) =>
    [
        OnnxGraph.Attribute("kernel_shape", TensorMemory.Shape(conv.weight).Skip(2)),
        OnnxGraph.Attribute("strides", conv.stride),
        OnnxGraph.Attribute("pads", [padding[0], padding[1], padding[0], padding[1]]),
        OnnxGraph.Attribute("dilations", conv.dilation),
        OnnxGraph.Attribute("group", conv.groups),
    ];

    private string Weight(Tensor tensor, string name) => graph.Initializer(name, TensorMemory.Shape(tensor), Values(tensor));

    /// <summary>A tensor's values as float32, read on the CPU.</summary>
    public static float[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TensorMemory.ToArray(tensor.detach().to(ScalarType.Float32).cpu().contiguous());
    }
}
