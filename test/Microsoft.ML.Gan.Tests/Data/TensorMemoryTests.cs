using System;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Data;

/// <summary><see cref="TensorMemory"/>: span copies between managed buffers and CPU float tensors.</summary>
public sealed class TensorMemoryTests
{
    [Fact]
    public void Values_round_trip_in_row_major_order()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 12).Select(i => i * 0.5f).ToArray();
        var tensor = empty(3, 4);

        TensorMemory.CopyFrom(values, tensor);
        var back = new float[12];
        TensorMemory.CopyTo(tensor, back);

        tensor[1, 2].item<float>().Should().Be(values[6]);
        back.Should().Equal(values);
    }

    [Fact]
    public void Views_other_types_and_wrong_lengths_are_rejected()
    {
        using var scope = NewDisposeScope();
        var buffer = new float[6];

        var transposed = () => TensorMemory.CopyTo(zeros(2, 3).t(), buffer);
        var doubles = () => TensorMemory.CopyTo(zeros(6, dtype: ScalarType.Float64), buffer);
        var shorter = () => TensorMemory.CopyFrom(buffer, zeros(7));

        transposed.Should().Throw<ArgumentException>().WithMessage("Only contiguous float32 tensors*");
        doubles.Should().Throw<ArgumentException>().WithMessage("Only contiguous float32 tensors*");
        shorter.Should().Throw<ArgumentException>().WithMessage("The tensor holds 7 values; the buffer 6.*");
    }
}
