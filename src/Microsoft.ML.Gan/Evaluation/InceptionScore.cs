using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// The Inception Score (Salimans et al. 2016) from class probabilities, as the original code and torch-fidelity compute
/// it: the rows split into consecutive parts, each scoring exp(mean over its rows of KL(p(y|x) ‖ p(y))) with p(y) the
/// mean of that part; the mean and population standard deviation over the parts. 0 · log 0 counts as 0.
/// </summary>
internal static class InceptionScore
{
    public static (double Mean, double StandardDeviation) Compute(ReadOnlySpan<float> probabilities, int rows, int classes, int splits)
    {
        if (rows < splits)
        {
            throw new InvalidOperationException($"The Inception Score with {splits} splits needs at least {splits} generated rows; there are {rows}.");
        }

        var scores = new double[splits];
        var marginal = new double[classes];
        for (var split = 0; split < splits; split++)
        {
            // The reference's part boundaries: i·N / splits, integer division.
            var start = (int)((long)split * rows / splits);
            var end = (int)((long)(split + 1) * rows / splits);
            Array.Clear(marginal);
            for (var row = start; row < end; row++)
            {
                for (var c = 0; c < classes; c++)
                {
                    marginal[c] += probabilities[(row * classes) + c];
                }
            }

            for (var c = 0; c < classes; c++)
            {
                marginal[c] /= end - start;
            }

            double divergence = 0;
            for (var row = start; row < end; row++)
            {
                for (var c = 0; c < classes; c++)
                {
                    double p = probabilities[(row * classes) + c];
                    if (p > 0)
                    {
                        divergence += p * (Math.Log(p) - Math.Log(marginal[c]));
                    }
                }
            }

            scores[split] = Math.Exp(divergence / (end - start));
        }

        return (Moments.Mean(scores), Moments.StandardDeviation(scores));
    }

    /// <summary>Checks that every row is a probability distribution (non-negative, summing to 1 within 1e-3).</summary>
    public static void Validate(ReadOnlySpan<float> probabilities, int rows, int classes, string source)
    {
        for (var row = 0; row < rows; row++)
        {
            double sum = 0;
            for (var c = 0; c < classes; c++)
            {
                var p = probabilities[(row * classes) + c];
                if (p < 0)
                {
                    throw new InvalidOperationException($"The class probabilities of {source} have a negative value at row {row}, class {c}: pass softmax outputs.");
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > 1e-3)
            {
                throw new InvalidOperationException(
                    $"The class probabilities of {source} sum to {sum:G6} at row {row}, not 1: pass softmax outputs (for an ML.NET multiclass classifier, its Score column).");
            }
        }
    }
}
