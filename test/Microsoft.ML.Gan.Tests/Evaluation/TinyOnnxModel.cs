using System;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>
/// Writes a tiny ONNX image network with the library's protobuf writer (field numbers of onnx.proto):
/// images (N, 1, 8, 8) → Conv 3×3, 3 filters, stride 2, pad 1 → Relu → GlobalAveragePool → Flatten → "features" (N, 3)
/// → MatMul → "scores" (N, 2).
/// </summary>
internal static class TinyOnnxModel
{
    public const int Side = 8;
    public const int Filters = 3;
    public const int Classes = 2;

    public static readonly float[] ConvWeights = Enumerable.Range(0, Filters * 9).Select(i => (float)Math.Sin(i + 1) * 0.5f).ToArray();
    public static readonly float[] ConvBias = [0.1f, -0.05f, 0.2f];
    public static readonly float[] ScoreWeights = [1f, -1f, 0.5f, 2f, -0.3f, 0.7f];

    public static void Write(string path)
    {
        var graph = new ProtoMessage()
            .Add(1, Node("conv", "Conv", ["images", "W", "B"], ["conv_out"], Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3)))
            .Add(1, Node("relu", "Relu", ["conv_out"], ["relu_out"]))
            .Add(1, Node("pool", "GlobalAveragePool", ["relu_out"], ["pool_out"]))
            .Add(1, Node("flatten", "Flatten", ["pool_out"], ["features"], new ProtoMessage().Text(1, "axis").Int(20, 2).Int(3, 1)))
            .Add(1, Node("score", "MatMul", ["features", "C"], ["scores"]))
            .Text(2, "tiny")
            .Add(5, Tensor("W", [Filters, 1, 3, 3], ConvWeights))
            .Add(5, Tensor("B", [Filters], ConvBias))
            .Add(5, Tensor("C", [Filters, Classes], ScoreWeights))
            .Add(11, Value("images", "N", 1, Side, Side))
            .Add(12, Value("features", "N", Filters))
            .Add(12, Value("scores", "N", Classes));
        var model = new ProtoMessage()
            .Int(1, 8)
            .Text(2, "GanML tests")
            .Add(7, graph)
            .Add(8, new ProtoMessage().Text(1, string.Empty).Int(2, 13));
        File.WriteAllBytes(path, model.ToBytes());
    }

    private static ProtoMessage Node(string name, string op, string[] inputs, string[] outputs, params ProtoMessage[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.Text(1, input);
        }

        foreach (var output in outputs)
        {
            node.Text(2, output);
        }

        node.Text(3, name).Text(4, op);
        foreach (var attribute in attributes)
        {
            node.Add(5, attribute);
        }

        return node;
    }

    // AttributeProto: name = 1, ints = 8, type = 20 (INTS = 7).
    private static ProtoMessage Ints(string name, params long[] values)
    {
        var attribute = new ProtoMessage().Text(1, name);
        foreach (var value in values)
        {
            attribute.Int(8, value);
        }

        return attribute.Int(20, 7);
    }

    // TensorProto: dims = 1, data_type = 2 (FLOAT = 1), float_data = 4 (packed), name = 8.
    private static ProtoMessage Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoMessage();
        foreach (var dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor.Int(2, 1).Floats(4, values).Text(8, name);
    }

    // ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_param = 2 | dim_value = 1 } } } } }
    private static ProtoMessage Value(string name, string batch, params long[] dims)
    {
        var shape = new ProtoMessage().Add(1, new ProtoMessage().Text(2, batch));
        foreach (var dim in dims)
        {
            shape.Add(1, new ProtoMessage().Int(1, dim));
        }

        return new ProtoMessage().Text(1, name).Add(2, new ProtoMessage().Add(1, new ProtoMessage().Int(1, 1).Add(2, shape)));
    }
}
