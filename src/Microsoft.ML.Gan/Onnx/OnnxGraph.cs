using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Gan;

/// <summary>
/// Builds one ONNX model (a single graph in the default domain) and writes it with <see cref="ProtoMessage"/>: nodes,
/// float and int64 initializers (stored as <c>raw_data</c>), inputs and outputs whose first dimension is the symbolic
/// batch size <see cref="BatchDimension"/>, and metadata. Field numbers are those of onnx.proto.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The operator set the graph's nodes are written for.</summary>
    public const int OperatorSetVersion = 17;

    /// <summary>The ONNX IR version of opset 17 (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    /// <summary>The name of the batch dimension of every input and output.</summary>
    public const string BatchDimension = "N";

    // TensorProto.DataType
    private const int FloatType = 1;
    private const int Int64Type = 7;

    // AttributeProto.AttributeType
    private const int FloatAttribute = 1;
    private const int IntAttribute = 2;
    private const int IntsAttribute = 7;

    private readonly ProtoMessage _graph = new();
    private readonly List<(string Key, string Value)> _metadata = [];
    private readonly HashSet<string> _names = [];

    /// <summary>Adds a float initializer and returns its name.</summary>
    public string Initializer(string name, long[] dims, ReadOnlySpan<float> values)
    {
        CheckCount(name, dims, values.Length);
        var tensor = Dims(dims).Int(2, FloatType).Text(8, Claim(name)).Bytes(9, ProtoMessage.LittleEndian(values));
        _graph.Add(5, tensor);
        return name;
    }

    /// <summary>Adds a 1-D int64 initializer (shapes for <c>Reshape</c>) and returns its name.</summary>
    public string Int64Initializer(string name, ReadOnlySpan<long> values)
    {
        var tensor = Dims([values.Length]).Int(2, Int64Type).Text(8, Claim(name)).Bytes(9, ProtoMessage.LittleEndian(values));
        _graph.Add(5, tensor);
        return name;
    }

    /// <summary>Adds a node with one output, named <paramref name="output"/>, and returns that name.</summary>
    public string Node(string name, string operation, IReadOnlyList<string> inputs, string output, params ProtoMessage[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.Text(1, input);
        }

        node.Text(2, Claim(output)).Text(3, name).Text(4, operation);
        foreach (var attribute in attributes)
        {
            node.Add(5, attribute);
        }

        _graph.Add(1, node);
        return output;
    }

    /// <summary>Declares a float graph input of shape (N, <paramref name="dims"/>…).</summary>
    public void Input(string name, params long[] dims) => _graph.Add(11, Value(Claim(name), dims));

    /// <summary>Declares a float graph output of shape (N, <paramref name="dims"/>…); a node must write it.</summary>
    public void Output(string name, params long[] dims) => _graph.Add(12, Value(name, dims));

    /// <summary>Adds a key–value pair to the model's <c>metadata_props</c>.</summary>
    public void Metadata(string key, string value) => _metadata.Add((key, value));

    /// <summary>Writes the model: IR version, opset import, producer, the graph named <paramref name="graphName"/>, metadata.</summary>
    public void WriteTo(Stream stream, string graphName, string description)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _graph.Text(2, graphName).Text(10, description);
        var model = new ProtoMessage()
            .Int(1, IrVersion)
            .Text(2, "GanML")
            .Text(3, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0")
            .Add(7, _graph)
            .Add(8, new ProtoMessage().Text(1, string.Empty).Int(2, OperatorSetVersion));
        foreach (var (key, value) in _metadata)
        {
            model.Add(14, new ProtoMessage().Text(1, key).Text(2, value));
        }

        var bytes = model.ToBytes();
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>An INT attribute.</summary>
    public static ProtoMessage Attribute(string name, long value) => new ProtoMessage().Text(1, name).Int(3, value).Int(20, IntAttribute);

    /// <summary>A FLOAT attribute.</summary>
    public static ProtoMessage Attribute(string name, float value) => new ProtoMessage().Text(1, name).Float(2, value).Int(20, FloatAttribute);

    /// <summary>An INTS attribute.</summary>
    public static ProtoMessage Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new ProtoMessage().Text(1, name);
        foreach (var value in values)
        {
            attribute.Int(8, value);
        }

        return attribute.Int(20, IntsAttribute);
    }

    // Every value name is written once: a second producer of a name would make an invalid graph.
    private string Claim(string name) =>
        _names.Add(name) ? name : throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");

    private static void CheckCount(string name, long[] dims, int count)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' of shape [{string.Join(", ", dims)}] needs {expected} values; got {count}.");
        }
    }

    private static ProtoMessage Dims(long[] dims)
    {
        var tensor = new ProtoMessage();
        foreach (var dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor;
    }

    // ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 | dim_param = 2 } } } } }
    private static ProtoMessage Value(string name, long[] dims)
    {
        var shape = new ProtoMessage().Add(1, new ProtoMessage().Text(2, BatchDimension));
        foreach (var dim in dims)
        {
            shape.Add(1, new ProtoMessage().Int(1, dim));
        }

        return new ProtoMessage().Text(1, name).Add(2, new ProtoMessage().Add(1, new ProtoMessage().Int(1, FloatType).Add(2, shape)));
    }
}
