using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Leaves NaN bytes in freed native memory, where the next tensors of those sizes will be allocated.</summary>
internal static class HeapGarbage
{
    /// <summary>Allocates and frees NaN-filled tensors of 64 to 131,072 floats (256 B to 512 KiB).</summary>
    public static void LeaveNaN()
    {
        for (var n = 64; n <= 1 << 17; n *= 2)
        {
            using var garbage = full(n, float.NaN);
        }
    }
}
