using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Draws the standard normal latent vector of one row from its own SplitMix64 stream keyed by (seed, row key). A row's
/// sample therefore never depends on which other rows are generated with it, in which batch, or in what order.
/// </summary>
internal static class LatentSampler
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Fills <paramref name="latent"/> with the row's standard normal draws. With <paramref name="truncation"/>, every
    /// component whose magnitude exceeds it is drawn again from the same stream, after the first pass, so the components
    /// that were within it keep their untruncated values.
    /// </summary>
    public static void Fill(long seed, long rowKey, Span<float> latent, double? truncation = null)
    {
        var state = Mix(Mix((ulong)seed ^ 0x6A09E667F3BCC909UL) + (ulong)rowKey);
        FillNormal(ref state, latent);
        if (truncation is not double threshold)
        {
            return;
        }

        Span<float> redraw = stackalloc float[2];
        for (var i = 0; i < latent.Length; i++)
        {
            while (Math.Abs(latent[i]) > threshold)
            {
                FillNormal(ref state, redraw);
                latent[i] = Math.Abs(redraw[0]) <= threshold ? redraw[0] : redraw[1];
            }
        }
    }

    private static void FillNormal(ref ulong state, Span<float> latent)
    {
        for (var i = 0; i < latent.Length; i += 2)
        {
            // Box–Muller: u1 in (0, 1] keeps the logarithm finite.
            var u1 = ((Next(ref state) >> 11) + 1) * (1.0 / (1UL << 53));
            var u2 = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            var angle = 2.0 * Math.PI * u2;
            latent[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < latent.Length)
            {
                latent[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="uniforms"/> with U[0, 1) draws from the row's own stream, independent of its latent stream
    /// (a different starting constant), for the other random choices a generated row needs.
    /// </summary>
    public static void FillUniform(long seed, long rowKey, Span<double> uniforms)
    {
        var state = Mix(Mix((ulong)seed ^ 0xBB67AE8584CAA73BUL) + (ulong)rowKey);
        for (var i = 0; i < uniforms.Length; i++)
        {
            uniforms[i] = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
        }
    }

    private static ulong Next(ref ulong state)
    {
        state += Golden;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
