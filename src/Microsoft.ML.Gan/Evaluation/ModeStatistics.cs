using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// How the generated samples spread over the classes a classifier knows: the label histogram, how many classes (modes) are
/// hit, and the KL divergence from the real label distribution. Mode collapse shows as few modes hit and a large KL; mode
/// dropping as classes with no generated sample.
/// </summary>
public sealed class ModeStatistics
{
    internal ModeStatistics(long[] generatedHistogram, long[] realHistogram, int minimumCount)
    {
        GeneratedHistogram = generatedHistogram;
        RealHistogram = realHistogram;
        MinimumCount = minimumCount;
        ModesHit = generatedHistogram.Count(c => c >= minimumCount);
        RealModes = realHistogram.Count(c => c > 0);
        KlDivergence = Divergence(generatedHistogram, realHistogram);
    }

    /// <summary>How many generated samples the classifier assigns to each class (argmax of its probabilities).</summary>
    public IReadOnlyList<long> GeneratedHistogram { get; }

    /// <summary>How many real samples the same classifier assigns to each class.</summary>
    public IReadOnlyList<long> RealHistogram { get; }

    /// <summary>The number of classes.</summary>
    public int Classes => GeneratedHistogram.Count;

    /// <summary>The generated samples a class needs to count as hit.</summary>
    public int MinimumCount { get; }

    /// <summary>The classes with at least <see cref="MinimumCount"/> generated samples.</summary>
    public int ModesHit { get; }

    /// <summary>The classes with at least one real sample.</summary>
    public int RealModes { get; }

    /// <summary>
    /// KL(p_generated ‖ p_real) over the label histograms, in nats: 0 when the generated labels follow the real
    /// proportions; classes without generated samples add nothing (dropped modes show in <see cref="ModesHit"/>), and a
    /// class generated but absent from the real data makes it +∞.
    /// </summary>
    public double KlDivergence { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ModesHit} of {Classes} modes hit (real data: {RealModes}), KL(generated ‖ real) = {KlDivergence:F4}; histogram [{string.Join(", ", GeneratedHistogram)}]";

    private static double Divergence(long[] generated, long[] real)
    {
        double generatedTotal = generated.Sum(), realTotal = real.Sum(), divergence = 0;
        for (var c = 0; c < generated.Length; c++)
        {
            if (generated[c] == 0)
            {
                continue;
            }

            var p = generated[c] / generatedTotal;
            var q = real[c] / realTotal;
            divergence += q == 0 ? double.PositiveInfinity : p * Math.Log(p / q);
        }

        return divergence;
    }

    /// <summary>The argmax class of each row of row-major probabilities, counted.</summary>
    internal static long[] Histogram(ReadOnlySpan<float> probabilities, int rows, int classes)
    {
        var histogram = new long[classes];
        for (var row = 0; row < rows; row++)
        {
            var scores = probabilities.Slice(row * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (scores[c] > scores[best])
                {
                    best = c;
                }
            }

            histogram[best]++;
        }

        return histogram;
    }
}
