using System;
using System.IO;
using FluentAssertions;
using Google.Protobuf;
using Xunit;
using static Google.Protobuf.WireFormat;

namespace Microsoft.ML.Gan.Tests.Onnx;

/// <summary>
/// The core's own protobuf writer gives the bytes Google.Protobuf gives for every field kind ONNX export uses, including
/// negative varints, multi-byte tags and lengths, and non-ASCII text.
/// </summary>
public sealed class ProtoMessageTests
{
    [Fact]
    public void Every_field_kind_encodes_as_Google_Protobuf_encodes_it()
    {
        var floats = new float[40];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = MathF.Sin(i) * 1e3f;
        }

        var bytes = new byte[300];
        new Random(3).NextBytes(bytes);
        var nested = new ProtoMessage().Int(1, 7).Text(2, "x");

        var ours = new ProtoMessage()
            .Int(1, 0).Int(2, 1).Int(3, 127).Int(4, 128).Int(5, -1).Int(6, long.MaxValue).Int(7, long.MinValue).Int(20, 300)
            .Float(8, -0.5f).Float(2047, float.NaN)
            .Text(9, string.Empty).Text(10, "Gemm → Tanh ✓")
            .Bytes(11, bytes).Bytes(12, [])
            .Add(13, nested)
            .Floats(14, floats).Floats(536870911, [1f])
            .ToBytes();

        ours.Should().Equal(Reference(floats, bytes, nested.ToBytes()));
    }

    [Fact]
    public void Field_numbers_outside_protobuf_s_range_are_rejected()
    {
        var zero = () => new ProtoMessage().Int(0, 1);
        var tooLarge = () => new ProtoMessage().Int(1 << 29, 1);

        zero.Should().Throw<ArgumentOutOfRangeException>();
        tooLarge.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static byte[] Reference(float[] floats, byte[] bytes, byte[] nested)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            foreach (var (field, value) in new[] { (1, 0L), (2, 1L), (3, 127L), (4, 128L), (5, -1L), (6, long.MaxValue), (7, long.MinValue), (20, 300L) })
            {
                output.WriteTag(field, WireType.Varint);
                output.WriteInt64(value);
            }

            output.WriteTag(8, WireType.Fixed32);
            output.WriteFloat(-0.5f);
            output.WriteTag(2047, WireType.Fixed32);
            output.WriteFloat(float.NaN);
            output.WriteTag(9, WireType.LengthDelimited);
            output.WriteString(string.Empty);
            output.WriteTag(10, WireType.LengthDelimited);
            output.WriteString("Gemm → Tanh ✓");
            output.WriteTag(11, WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
            output.WriteTag(12, WireType.LengthDelimited);
            output.WriteBytes(ByteString.Empty);
            output.WriteTag(13, WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(nested));
            WritePacked(output, 14, floats);
            WritePacked(output, 536870911, [1f]);
        }

        return stream.ToArray();
    }

    private static void WritePacked(CodedOutputStream output, int field, float[] values)
    {
        output.WriteTag(field, WireType.LengthDelimited);
        output.WriteLength(values.Length * sizeof(float));
        foreach (var value in values)
        {
            output.WriteFloat(value);
        }
    }
}
