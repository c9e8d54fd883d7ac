using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Copies between managed memory and contiguous CPU <see cref="ScalarType.Float32"/> tensors at memory speed, and
/// joins columns into a tensor the caller provides.
/// TorchSharp's <c>TensorAccessor.CopyFrom</c>/<c>CopyTo</c> step through an index enumerator one value at a time
/// (measured: 200 ms for the 7.8 million values of MNIST-10k, 2 to 4% of a B1 epoch); this copies through a span over
/// the tensor's memory (<see cref="Tensor.bytes"/>), in row blocks when a tensor exceeds a span's 2 GiB.
/// </summary>
internal static class TensorMemory
{
    /// <summary>
    /// <paramref name="destination"/> ← [<paramref name="left"/> | <paramref name="right"/>] (just the left columns when
    /// <paramref name="right"/> is null): what torch.cat along dimension 1 computes, into a tensor the caller provides.
    /// TorchSharp's cat passes its inputs in a pinned handle array that never suppresses finalization, one object left to
    /// the finalizer per call (measured). Differentiable: gradients flow to both sources through the copies.
    /// </summary>
    public static void WriteColumns(Tensor destination, Tensor left, Tensor? right)
    {
        var width = left.size(1);
        destination.narrow(1, 0, width).copy_(left);
        if (right is not null)
        {
            destination.narrow(1, width, right.size(1)).copy_(right);
        }
    }

    /// <summary>Fills <paramref name="destination"/> (contiguous, CPU, float32, <c>numel</c> values) from <paramref name="source"/>.</summary>
    public static void CopyFrom(ReadOnlySpan<float> source, Tensor destination)
    {
        Check(destination, source.Length);
        var rowsPerBlock = RowsPerBlock(destination);
        if (rowsPerBlock == 0)
        {
            source.CopyTo(MemoryMarshal.Cast<byte, float>(destination.bytes));
            return;
        }

        var rowLength = (int)(destination.numel() / destination.size(0));
        for (long row = 0; row < destination.size(0); row += rowsPerBlock)
        {
            using var block = destination.narrow(0, row, Math.Min(rowsPerBlock, destination.size(0) - row));
            source.Slice((int)row * rowLength, (int)block.numel()).CopyTo(MemoryMarshal.Cast<byte, float>(block.bytes));
        }
    }

    /// <summary>Copies the <c>numel</c> values of <paramref name="source"/> (contiguous, CPU, float32) into <paramref name="destination"/>.</summary>
    public static void CopyTo(Tensor source, Span<float> destination)
    {
        Check(source, destination.Length);
        var rowsPerBlock = RowsPerBlock(source);
        if (rowsPerBlock == 0)
        {
            MemoryMarshal.Cast<byte, float>(source.bytes).CopyTo(destination);
            return;
        }

        var rowLength = (int)(source.numel() / source.size(0));
        for (long row = 0; row < source.size(0); row += rowsPerBlock)
        {
            using var block = source.narrow(0, row, Math.Min(rowsPerBlock, source.size(0) - row));
            MemoryMarshal.Cast<byte, float>(block.bytes).CopyTo(destination.Slice((int)row * rowLength, (int)block.numel()));
        }
    }

    /// <summary>The values of <paramref name="source"/> (contiguous, CPU, float32) in a new array.</summary>
    public static float[] ToArray(Tensor source)
    {
        var values = new float[source.numel()];
        CopyTo(source, values);
        return values;
    }

    /// <summary>
    /// The sizes of <paramref name="tensor"/>'s dimensions. <see cref="Tensor.shape"/> returns the same but leaves an
    /// object to the finalizer per read (measured), like <see cref="Tensor.data{T}"/>.
    /// </summary>
    public static long[] Shape(Tensor tensor)
    {
        var shape = new long[tensor.dim()];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.size(i);
        }

        return shape;
    }

    private static void Check(Tensor tensor, int length)
    {
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("Only contiguous float32 tensors on the CPU are copied directly.", nameof(tensor));
        }

        if (tensor.numel() != length)
        {
            throw new ArgumentException($"The tensor holds {tensor.numel()} values; the buffer {length}.", nameof(tensor));
        }
    }

    // 0 when one span covers the tensor (at most 2 GiB); otherwise the whole rows (along dimension 0) per block.
    private static long RowsPerBlock(Tensor tensor)
    {
        const long MaxValuesPerSpan = int.MaxValue / sizeof(float);
        var count = tensor.numel();
        if (count <= MaxValuesPerSpan || tensor.dim() == 0)
        {
            return 0;
        }

        return Math.Max(1, MaxValuesPerSpan / (count / tensor.size(0)));
    }
}
