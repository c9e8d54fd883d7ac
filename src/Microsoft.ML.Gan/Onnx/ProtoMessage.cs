using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Microsoft.ML.Gan;

/// <summary>
/// One protobuf message written field by field in the wire format, for the ONNX messages GanML writes without generated
/// code: the caller supplies onnx.proto's field numbers. Nested messages are written whole and copied into their parent.
/// </summary>
/// <remarks>
/// The encoder is written here rather than taken from Google.Protobuf so that the core package does not depend on it
/// (issue 16): ONNX export needs only tags, varints, 32-bit floats and length-delimited fields. The ONNX export tests
/// check the bytes by running the exported models in ONNX Runtime.
/// </remarks>
internal sealed class ProtoMessage
{
    // Wire types of the protobuf encoding (the low three bits of a field's tag).
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly MemoryStream _bytes = new();

    /// <summary>A varint field (int32, int64 and enum fields).</summary>
    public ProtoMessage Int(int field, long value)
    {
        Tag(field, WireVarint);

        // Negative int32 and int64 values are sign-extended to 64 bits: ten bytes, as protobuf encodes them.
        Varint(unchecked((ulong)value));
        return this;
    }

    /// <summary>A 32-bit float field.</summary>
    public ProtoMessage Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Fixed32(value);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoMessage Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtoMessage Add(int field, ProtoMessage message) => Bytes(field, message.ToBytes());

    /// <summary>A packed repeated float field.</summary>
    public ProtoMessage Floats(int field, ReadOnlySpan<float> values)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)values.Length * sizeof(float));
        foreach (var value in values)
        {
            Fixed32(value);
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
    public byte[] ToBytes() => _bytes.ToArray();

    private void Tag(int field, int wireType)
    {
        // Field numbers are 1 to 2^29 - 1 (protobuf's limit); the tag is (field << 3) | wire type, as a varint.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(field);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(field, (1 << 29) - 1);
        Varint(((ulong)field << 3) | (uint)wireType);
    }

    private void Varint(ulong value)
    {
        // Seven bits per byte, least significant first; the high bit says another byte follows.
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }

    private void Fixed32(float value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(float)];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.Write(bytes);
    }
}
