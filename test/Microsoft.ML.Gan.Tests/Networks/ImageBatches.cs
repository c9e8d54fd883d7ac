using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>Toy image batches for the DCGAN tests, as flat CHW rows in [−1, 1].</summary>
internal static class ImageBatches
{
    /// <summary>
    /// Digit-like images: one bright Gaussian blob (σ = 2.5 px) at a random position on a dark (−1) background, the same in
    /// every channel.
    /// </summary>
    public static Tensor Blobs(int count, int channels, int size, Generator random)
    {
        using var scope = NewDisposeScope();
        var centres = rand(count, 2, generator: random).mul(size / 2.0).add(size / 4.0);
        var axis = arange(size, dtype: ScalarType.Float32);
        var dy = axis.view(1, size, 1).sub(centres.narrow(1, 0, 1).view(count, 1, 1));
        var dx = axis.view(1, 1, size).sub(centres.narrow(1, 1, 1).view(count, 1, 1));
        var blob = dx.mul(dx).add(dy.mul(dy)).div(-2 * 2.5 * 2.5).exp().mul(2).sub(1);
        return blob.unsqueeze(1).expand(count, channels, size, size).reshape(count, channels * size * size).MoveToOuterDisposeScope();
    }

    /// <summary>Uniform noise in [−1, 1].</summary>
    public static Tensor Noise(int count, int channels, int size, Generator random)
    {
        using var scope = NewDisposeScope();
        return rand(count, channels * size * size, generator: random).mul(2).sub(1).MoveToOuterDisposeScope();
    }
}

/// <summary>Exact comparison of tensors (TorchSharp's <c>equal</c> is elementwise).</summary>
internal static class Tensors
{
    public static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.size().AsSpan().SequenceEqual(b.size()) && a.eq(b).all().item<bool>();
    }
}
