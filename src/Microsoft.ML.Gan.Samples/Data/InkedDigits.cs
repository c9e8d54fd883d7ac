using System;

namespace Microsoft.ML.Gan.Samples.Data;

/// <summary>
/// The known appearance change that makes the CycleGAN demo's domain B: MNIST digits with strokes thickened by one
/// pixel (a 3×3 grey dilation, the maximum over each pixel's neighbourhood) and intensities inverted (white paper,
/// dark ink). Because the true A→B map is known, a translation can be scored against it pixel by pixel.
/// </summary>
public static class InkedDigits
{
    /// <summary>The domain-B version of a 28×28 digit with pixels in [0, 1]: <c>1 − dilate₃ₓ₃(x)</c>.</summary>
    /// <param name="pixels">784 values in [0, 1], row by row.</param>
    /// <returns>A new array of 784 values in [0, 1].</returns>
    public static float[] Transform(ReadOnlySpan<float> pixels)
    {
        const int size = BundledMnist.ImageSize;
        if (pixels.Length != size * size)
        {
            throw new ArgumentException($"Expected {size * size} pixels, got {pixels.Length}.", nameof(pixels));
        }

        var result = new float[pixels.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var maximum = 0f;
                for (var dy = Math.Max(0, y - 1); dy <= Math.Min(size - 1, y + 1); dy++)
                {
                    for (var dx = Math.Max(0, x - 1); dx <= Math.Min(size - 1, x + 1); dx++)
                    {
                        maximum = Math.Max(maximum, pixels[dy * size + dx]);
                    }
                }

                result[y * size + x] = 1 - maximum;
            }
        }

        return result;
    }
}
