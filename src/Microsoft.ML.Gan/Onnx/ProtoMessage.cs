using System;
using System.Buffers.Binary;
using System.IO;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace Microsoft.ML.Gan;

/// <summary>
/// One protobuf message written field by field with the wire format (<see cref="CodedOutputStream"/>), for the ONNX
/// messages GanML writes without generated code: the caller supplies onnx.proto's field numbers. Nested messages are
/// written whole and copied into their parent.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public ProtoMessage() => _output = new CodedOutputStream(_bytes, leaveOpen: true);

    /// <summary>A varint field (int32, int64 and enum fields).</summary>
    public ProtoMessage Int(int field, long value)
    {
        _output.WriteTag(field, WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    /// <summary>A 32-bit float field.</summary>
    public ProtoMessage Float(int field, float value)
    {
        _output.WriteTag(field, WireType.Fixed32);
        _output.WriteFloat(value);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoMessage Text(int field, string value)
    {
        _output.WriteTag(field, WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    /// <summary>A bytes field.</summary>
    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        _output.WriteTag(field, WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtoMessage Add(int field, ProtoMessage message) => Bytes(field, message.ToBytes());

    /// <summary>A packed repeated float field.</summary>
    public ProtoMessage Floats(int field, ReadOnlySpan<float> values)
    {
        _output.WriteTag(field, WireType.LengthDelimited);
        _output.WriteLength(values.Length * sizeof(float));
        foreach (var value in values)
        {
            _output.WriteFloat(value);
        }

        return this;
    }

    /// <summary>Little-endian bytes of <paramref name="values"/>, as ONNX's <c>raw_data</c> stores them.</summary>
    public static byte[] LittleEndian(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>Little-endian bytes of <paramref name="values"/>, as ONNX's <c>raw_data</c> stores them.</summary>
    public static byte[] LittleEndian(ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return bytes;
    }

    /// <summary>The message's encoding.</summary>
    public byte[] ToBytes()
    {
        _output.Flush();
        return _bytes.ToArray();
    }
}
