using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// A one-dimensional Gaussian mixture fitted by variational EM with a symmetric Dirichlet prior on the weights (the
/// Bayesian mixture CTGAN's mode-specific normalisation uses): with a small concentration, components that explain few
/// rows lose their weight, and those below <c>pruneWeight</c> are dropped, so the number of modes is learnt from the
/// data. Means and variances are maximum-likelihood updates with a variance floor. Deterministic: the initial means are
/// quantiles, and the only randomness (a subsample of large columns) comes from the seed.
/// </summary>
internal static class GaussianMixture1D
{
    public sealed record Fit(double[] Weights, double[] Means, double[] StandardDeviations);

    public static Fit Estimate(double[] values, int components, double concentration, double pruneWeight, int maxIterations, int sampleLimit, int seed)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("No values to fit.", nameof(values));
        }

        var x = values.Length <= sampleLimit ? values : Subsample(values, sampleLimit, seed);
        var n = x.Length;
        var mean = x.Average();
        var variance = x.Sum(v => (v - mean) * (v - mean)) / n;
        if (variance <= 0)
        {
            return new Fit([1.0], [mean], [StandardDeviationFloor(0, mean)]);
        }

        var floor = StandardDeviationFloor(Math.Sqrt(variance), mean);
        var k = Math.Min(components, x.Distinct().Count());
        var sorted = x.Order().ToArray();
        var means = Enumerable.Range(0, k).Select(i => sorted[(int)((i + 0.5) / k * (n - 1))]).ToArray();
        var variances = Enumerable.Repeat(variance / k, k).ToArray();
        var counts = Enumerable.Repeat((double)n / k, k).ToArray();
        var responsibilities = new double[k];
        var logWeights = new double[k];
        var sums = new double[k];
        var squares = new double[k];
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            // E-step: ln ρ_ik = E[ln π_k] + ln N(x_i | μ_k, σ_k²), with E[ln π_k] = ψ(α₀ + N_k) − ψ(Kα₀ + N).
            var total = Digamma(k * concentration + counts.Sum());
            for (var j = 0; j < k; j++)
            {
                logWeights[j] = Digamma(concentration + counts[j]) - total - 0.5 * Math.Log(2 * Math.PI * variances[j]);
            }

            Array.Clear(sums);
            Array.Clear(squares);
            var newCounts = new double[k];
            var bound = 0.0;
            foreach (var v in x)
            {
                var max = double.NegativeInfinity;
                for (var j = 0; j < k; j++)
                {
                    var d = v - means[j];
                    responsibilities[j] = logWeights[j] - d * d / (2 * variances[j]);
                    max = Math.Max(max, responsibilities[j]);
                }

                var norm = 0.0;
                for (var j = 0; j < k; j++)
                {
                    responsibilities[j] = Math.Exp(responsibilities[j] - max);
                    norm += responsibilities[j];
                }

                bound += max + Math.Log(norm);
                for (var j = 0; j < k; j++)
                {
                    var r = responsibilities[j] / norm;
                    newCounts[j] += r;
                    sums[j] += r * v;
                    squares[j] += r * v * v;
                }
            }

            // M-step.
            for (var j = 0; j < k; j++)
            {
                counts[j] = newCounts[j];
                if (newCounts[j] > 1e-10)
                {
                    means[j] = sums[j] / newCounts[j];
                    variances[j] = Math.Max(squares[j] / newCounts[j] - means[j] * means[j], floor * floor);
                }
            }

            if (Math.Abs(bound - previous) < 1e-6 * Math.Abs(bound) + 1e-9)
            {
                break;
            }

            previous = bound;
        }

        // Expected weights under the posterior Dirichlet; drop the components that lost theirs.
        var alphaSum = k * concentration + counts.Sum();
        var kept = Enumerable.Range(0, k).Where(j => (concentration + counts[j]) / alphaSum >= pruneWeight).ToArray();
        var weights = kept.Select(j => concentration + counts[j]).ToArray();
        var weightSum = weights.Sum();
        return new Fit(weights.Select(w => w / weightSum).ToArray(), kept.Select(j => means[j]).ToArray(),
            kept.Select(j => Math.Sqrt(variances[j])).ToArray());
    }

    /// <summary>Posterior probability of each component for <paramref name="value"/>, written into <paramref name="probabilities"/>.</summary>
    public static void Posterior(Fit fit, double value, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < fit.Means.Length; j++)
        {
            var z = (value - fit.Means[j]) / fit.StandardDeviations[j];
            probabilities[j] = Math.Log(fit.Weights[j]) - Math.Log(fit.StandardDeviations[j]) - 0.5 * z * z;
            max = Math.Max(max, probabilities[j]);
        }

        var norm = 0.0;
        for (var j = 0; j < fit.Means.Length; j++)
        {
            probabilities[j] = Math.Exp(probabilities[j] - max);
            norm += probabilities[j];
        }

        for (var j = 0; j < fit.Means.Length; j++)
        {
            probabilities[j] /= norm;
        }
    }

    // A component narrower than this (relative to the column's spread and magnitude) only memorises single values.
    private static double StandardDeviationFloor(double standardDeviation, double mean) =>
        Math.Max(1e-3 * standardDeviation, 1e-6 * Math.Max(1, Math.Abs(mean)));

    private static double[] Subsample(double[] values, int count, int seed)
    {
        var random = new Random(seed);
        var picked = new HashSet<int>();
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            int index;
            do
            {
                index = random.Next(values.Length);
            }
            while (!picked.Add(index));
            result[i] = values[index];
        }

        return result;
    }

    /// <summary>ψ(x) for x &gt; 0: recurrence up to 6, then the asymptotic series.</summary>
    internal static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }

        var f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }
}
