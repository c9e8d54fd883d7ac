using System;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// Discriminator rejection sampling (Azadi et al. 2019; see <see cref="GanGenerationOptions.DiscriminatorRejection"/>):
/// candidates keyed 0, 1, 2, … are generated a block at a time, scored by D and kept by their own uniform draw, so the
/// kept rows depend only on the seed. For a conditional model every candidate has the same condition, and M and γ are
/// that condition's: D's logits differ between classes, and one class's threshold would thin another's rows.
/// </summary>
internal static class DiscriminatorRejection
{
    private const double Epsilon = 1e-6;

    // The burn-in's candidates come from a stream of their own, so they are never among the kept rows.
    private const long BurnInSeedMask = 0x2545F4914F6CDD1DL;

    /// <summary>Candidates tried per kept row before giving up (D then rejects nearly everything).</summary>
    private const int MaximumCandidatesPerRow = 1000;

    /// <summary>Returns <paramref name="count"/> kept rows, row-major.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="scorer">D.</param>
    /// <param name="count">Rows to keep.</param>
    /// <param name="seed">The stream of the candidates' latent vectors and uniform draws.</param>
    /// <param name="options">The percentile and burn-in.</param>
    /// <param name="condition">For a conditional model, the condition of every row (empty otherwise).</param>
    public static float[] Sample(SampleGenerator generator, RealismScorer scorer, long count, long seed, GanGenerationOptions options,
        ReadOnlySpan<float> condition = default)
    {
        var dimension = generator.OutputDimension;
        var block = SampleGenerator.BlockRows;
        var rows = new float[block * dimension];
        var scores = new float[block];
        var conditions = new float[block * condition.Length];
        for (var i = 0; i < block; i++)
        {
            condition.CopyTo(conditions.AsSpan(i * condition.Length));
        }

        // Burn-in: M, the largest logit, and γ, a percentile of F.
        var burnIn = new double[options.RejectionBurnIn];
        for (var first = 0; first < burnIn.Length; first += block)
        {
            var n = Math.Min(block, burnIn.Length - first);
            generator.Generate(seed ^ BurnInSeedMask, first, n, conditions.AsSpan(0, n * condition.Length), rows, options.TruncationThreshold);
            scorer.Score(rows, conditions.AsSpan(0, n * condition.Length), n, scores);
            for (var i = 0; i < n; i++)
            {
                burnIn[first + i] = scores[i];
            }
        }

        var maximum = burnIn.Max();
        var sorted = burnIn.Select(s => F(s, maximum)).Order().ToArray();
        var gamma = sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(options.RejectionPercentile * sorted.Length))];

        var kept = new float[checked(count * dimension)];
        long keptRows = 0;
        Span<double> uniform = stackalloc double[1];
        for (long key = 0; keptRows < count; key += block)
        {
            if (key > count * MaximumCandidatesPerRow)
            {
                throw new InvalidOperationException(
                    $"Discriminator rejection kept {keptRows} of {key} candidates; lower GanGenerationOptions.RejectionPercentile.");
            }

            generator.Generate(seed, key, block, conditions, rows, options.TruncationThreshold);
            scorer.Score(rows, conditions, block, scores);
            for (var i = 0; i < block && keptRows < count; i++)
            {
                maximum = Math.Max(maximum, scores[i]);
                LatentSampler.FillUniform(seed, key + i, uniform);
                var keep = 1 / (1 + Math.Exp(-(F(scores[i], maximum) - gamma)));
                if (uniform[0] < keep)
                {
                    rows.AsSpan(i * dimension, dimension).CopyTo(kept.AsSpan((int)(keptRows * dimension)));
                    keptRows++;
                }
            }
        }

        return kept;
    }

    /// <summary><c>F(x) = D(x) − M − log(1 − exp(D(x) − M − ε))</c>, the paper's shifted logit.</summary>
    private static double F(double score, double maximum)
    {
        var shifted = score - maximum;
        return shifted - Math.Log(1 - Math.Exp(shifted - Epsilon));
    }
}
