using System;
using System.Linq;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// The baselines the tabular synthesizer is compared with: independent sampling from each column's empirical marginal,
/// a Gaussian copula, and, for augmenting a minority class, random oversampling and SMOTE-NC.
/// </summary>
internal static class Baselines
{
    /// <summary>Every column drawn independently from its training values: exact marginals, no dependence at all.</summary>
    public static Table Marginals(Table train, int rows, int seed)
    {
        var random = new Random(seed);
        var numbers = train.Numbers.Select(n => n is null ? null : Enumerable.Range(0, rows).Select(_ => n[random.Next(n.Length)]).ToArray()).ToArray();
        var categories = train.Categories.Select(c => c is null ? null : Enumerable.Range(0, rows).Select(_ => c[random.Next(c.Length)]).ToArray()).ToArray();
        return new Table(train.Names, numbers, categories);
    }

    /// <summary>
    /// A Gaussian copula (as SDV's GaussianCopulaSynthesizer): every column is mapped to a standard normal score (numeric
    /// columns through their empirical CDF; a categorical column through an interval of [0, 1] per category, widest for
    /// the most frequent, with a uniform draw inside it), the scores' correlation matrix is estimated, and new rows are
    /// drawn from that multivariate normal and mapped back through the empirical quantiles and intervals.
    /// </summary>
    public static Table GaussianCopula(Table train, int rows, int seed)
    {
        var random = new Random(seed);
        var n = train.Rows;
        var k = train.Columns;
        var scores = new double[k][];
        var sorted = new double[k][];
        var intervals = new (string Level, double Low, double High)[k][];
        for (var c = 0; c < k; c++)
        {
            if (train.IsNumeric(c))
            {
                var values = train.Numbers[c]!;
                sorted[c] = values.Order().ToArray();
                scores[c] = values.Select(v => Normal.Quantile(MidRank(sorted[c], v) / n)).ToArray();
                continue;
            }

            var counts = train.Categories[c]!.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            var low = 0.0;
            intervals[c] = counts.Select(g =>
            {
                var high = low + (double)g.Count() / n;
                var interval = (g.Key, low, high);
                low = high;
                return interval;
            }).ToArray();
            scores[c] = train.Categories[c]!.Select(v =>
            {
                var (_, a, b) = intervals[c].First(i => i.Level == v);
                return Normal.Quantile(Math.Clamp(a + (b - a) * random.NextDouble(), 1e-9, 1 - 1e-9));
            }).ToArray();
        }

        var cholesky = Cholesky(CorrelationMatrix(scores));
        var numbers = Enumerable.Range(0, k).Select(c => train.IsNumeric(c) ? new double[rows] : null).ToArray();
        var categories = Enumerable.Range(0, k).Select(c => train.IsNumeric(c) ? null : new string[rows]).ToArray();
        var epsilon = new double[k];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < k; c++)
            {
                epsilon[c] = Normal.Sample(random);
            }

            for (var c = 0; c < k; c++)
            {
                var z = 0.0;
                for (var j = 0; j <= c; j++)
                {
                    z += cholesky[c, j] * epsilon[j];
                }

                var u = Normal.Cdf(z);
                if (train.IsNumeric(c))
                {
                    numbers[c]![r] = Quantile(sorted[c], u);
                }
                else
                {
                    categories[c]![r] = intervals[c].FirstOrDefault(i => u < i.High, intervals[c][^1]).Level;
                }
            }
        }

        return new Table(train.Names, numbers, categories);
    }

    /// <summary>Random oversampling: copies of randomly drawn minority rows.</summary>
    public static Table Oversample(Table minority, int rows, int seed)
    {
        var random = new Random(seed);
        return minority.Select(Enumerable.Range(0, rows).Select(_ => random.Next(minority.Rows)).ToArray());
    }

    /// <summary>
    /// SMOTE-NC (Chawla et al., 2002): each new row lies on the segment between a random minority row and one of its
    /// <paramref name="neighbours"/> nearest minority neighbours (numeric columns, one random gap per row); its categories
    /// are the most frequent among those neighbours. Distances are Euclidean over standardised numeric columns, with
    /// the median numeric standard deviation per differing category (SMOTE-NC's rule).
    /// </summary>
    public static Table Smote(Table minority, int rows, int seed, int neighbours = 5)
    {
        var random = new Random(seed);
        var k = minority.Columns;
        var numeric = Enumerable.Range(0, k).Where(minority.IsNumeric).ToArray();
        var categorical = Enumerable.Range(0, k).Where(c => !minority.IsNumeric(c)).ToArray();
        var deviations = numeric.Select(c => StandardDeviation(minority.Numbers[c]!)).ToArray();
        var penalty = deviations.Length == 0 ? 1 : Median(deviations.Select(d => 1.0).ToArray());
        double Distance(int a, int b)
        {
            var d = 0.0;
            for (var i = 0; i < numeric.Length; i++)
            {
                var diff = (minority.Numbers[numeric[i]]![a] - minority.Numbers[numeric[i]]![b]) / Math.Max(deviations[i], 1e-12);
                d += diff * diff;
            }

            foreach (var c in categorical)
            {
                if (minority.Categories[c]![a] != minority.Categories[c]![b])
                {
                    d += penalty * penalty;
                }
            }

            return d;
        }

        var nearest = Enumerable.Range(0, minority.Rows).Select(a => Enumerable.Range(0, minority.Rows).Where(b => b != a)
            .OrderBy(b => Distance(a, b)).Take(neighbours).ToArray()).ToArray();
        var numbers = Enumerable.Range(0, k).Select(c => minority.IsNumeric(c) ? new double[rows] : null).ToArray();
        var categories = Enumerable.Range(0, k).Select(c => minority.IsNumeric(c) ? null : new string[rows]).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var a = random.Next(minority.Rows);
            var b = nearest[a][random.Next(nearest[a].Length)];
            var gap = random.NextDouble();
            foreach (var c in numeric)
            {
                numbers[c]![r] = minority.Numbers[c]![a] + gap * (minority.Numbers[c]![b] - minority.Numbers[c]![a]);
            }

            foreach (var c in categorical)
            {
                categories[c]![r] = nearest[a].Select(j => minority.Categories[c]![j]).GroupBy(v => v, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            }
        }

        return new Table(minority.Names, numbers, categories);
    }

    private static double MidRank(double[] sorted, double value)
    {
        var below = LowerBound(sorted, value);
        var upTo = UpperBound(sorted, value);
        return (below + upTo) / 2.0;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The empirical quantile with linear interpolation between order statistics.</summary>
    private static double Quantile(double[] sorted, double u)
    {
        var position = Math.Clamp(u * sorted.Length - 0.5, 0, sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double[,] CorrelationMatrix(double[][] columns)
    {
        var k = columns.Length;
        var n = columns[0].Length;
        var means = columns.Select(c => c.Average()).ToArray();
        var deviations = columns.Select((c, i) => Math.Sqrt(c.Sum(v => (v - means[i]) * (v - means[i])) / n)).ToArray();
        var matrix = new double[k, k];
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = 0.0;
                for (var r = 0; r < n; r++)
                {
                    sum += (columns[a][r] - means[a]) * (columns[b][r] - means[b]);
                }

                var value = a == b ? 1 : deviations[a] > 0 && deviations[b] > 0 ? sum / n / (deviations[a] * deviations[b]) : 0;
                matrix[a, b] = matrix[b, a] = value;
            }
        }

        return matrix;
    }

    /// <summary>Lower Cholesky factor, with a growing ridge when the matrix is not quite positive definite.</summary>
    private static double[,] Cholesky(double[,] matrix)
    {
        var k = matrix.GetLength(0);
        for (var ridge = 0.0; ; ridge = ridge == 0 ? 1e-8 : ridge * 10)
        {
            var lower = new double[k, k];
            var ok = true;
            for (var i = 0; i < k && ok; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    var sum = matrix[i, j] + (i == j ? ridge : 0);
                    for (var m = 0; m < j; m++)
                    {
                        sum -= lower[i, m] * lower[j, m];
                    }

                    if (i == j)
                    {
                        if (sum <= 0)
                        {
                            ok = false;
                            break;
                        }

                        lower[i, i] = Math.Sqrt(sum);
                    }
                    else
                    {
                        lower[i, j] = sum / lower[j, j];
                    }
                }
            }

            if (ok)
            {
                return lower;
            }
        }
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    private static double Median(double[] values) => TabularMetrics.Median(values);
}
