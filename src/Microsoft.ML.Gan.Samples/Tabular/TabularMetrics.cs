using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// Fidelity and privacy scores of a synthetic table against a real one, as SDMetrics' quality report defines them.
/// </summary>
/// <remarks>
/// <para>Column shapes: per column, 1 − the Kolmogorov–Smirnov statistic (numeric) or 1 − the total-variation distance
/// of the category frequencies (categorical); the mean over columns.</para>
/// <para>Column pair trends: per pair, 1 − |ρ_real − ρ_synthetic| / 2 with Pearson's ρ (two numeric columns), or the
/// contingency similarity 1 − TVD of the joint frequencies (otherwise; a numeric column enters it binned into 10
/// equal-width bins over its real range); the mean over pairs.</para>
/// <para>Privacy: the distance of a row to its closest real training row (DCR) is the sum over columns of
/// |a − b| / range (numeric, the training range) or 0/1 (categorical). The median DCR of the synthetic rows is compared
/// with that of real held-out rows, and exact copies are synthetic rows at distance 0.</para>
/// </remarks>
internal static class TabularMetrics
{
    public const int Bins = 10;

    public static double ColumnShapes(Table real, Table synthetic) =>
        Enumerable.Range(0, real.Columns).Average(c => ColumnShape(real, synthetic, c));

    /// <summary>The shape score of one column: 1 − KS (numeric) or 1 − TVD (categorical).</summary>
    public static double ColumnShape(Table real, Table synthetic, int column) => real.IsNumeric(column)
        ? 1 - KolmogorovSmirnov(real.Numbers[column]!, synthetic.Numbers[column]!)
        : 1 - TotalVariation(Frequencies(real.Categories[column]!), Frequencies(synthetic.Categories[column]!));

    public static double PairTrends(Table real, Table synthetic)
    {
        var scores = new List<double>();
        var binned = Enumerable.Range(0, real.Columns).Select(c => real.IsNumeric(c) ? null : real.Categories[c]).ToArray();
        var binnedSynthetic = Enumerable.Range(0, real.Columns).Select(c => real.IsNumeric(c) ? null : synthetic.Categories[c]).ToArray();
        for (var c = 0; c < real.Columns; c++)
        {
            if (real.IsNumeric(c))
            {
                var (low, high) = (real.Numbers[c]!.Min(), real.Numbers[c]!.Max());
                binned[c] = Bin(real.Numbers[c]!, low, high);
                binnedSynthetic[c] = Bin(synthetic.Numbers[c]!, low, high);
            }
        }

        for (var a = 0; a < real.Columns; a++)
        {
            for (var b = a + 1; b < real.Columns; b++)
            {
                if (real.IsNumeric(a) && real.IsNumeric(b))
                {
                    var realCorrelation = Correlation(real.Numbers[a]!, real.Numbers[b]!);
                    var syntheticCorrelation = Correlation(synthetic.Numbers[a]!, synthetic.Numbers[b]!);
                    scores.Add(1 - Math.Abs(realCorrelation - syntheticCorrelation) / 2);
                }
                else
                {
                    var joint = Frequencies(binned[a]!.Zip(binned[b]!, (x, y) => x + "\u001f" + y).ToArray());
                    var syntheticJoint = Frequencies(binnedSynthetic[a]!.Zip(binnedSynthetic[b]!, (x, y) => x + "\u001f" + y).ToArray());
                    scores.Add(1 - TotalVariation(joint, syntheticJoint));
                }
            }
        }

        return scores.Average();
    }

    /// <summary>The distance of every row of <paramref name="rows"/> to its closest row of <paramref name="train"/>.</summary>
    public static double[] DistancesToClosest(Table rows, Table train)
    {
        var ranges = Enumerable.Range(0, train.Columns).Select(c => train.IsNumeric(c)
            ? Math.Max(train.Numbers[c]!.Max() - train.Numbers[c]!.Min(), 1e-12)
            : 0).ToArray();
        var distances = new double[rows.Rows];
        for (var i = 0; i < rows.Rows; i++)
        {
            var best = double.PositiveInfinity;
            for (var j = 0; j < train.Rows && best > 0; j++)
            {
                var d = 0.0;
                for (var c = 0; c < train.Columns && d < best; c++)
                {
                    d += train.IsNumeric(c)
                        ? Math.Abs(rows.Numbers[c]![i] - train.Numbers[c]![j]) / ranges[c]
                        : rows.Categories[c]![i] == train.Categories[c]![j] ? 0 : 1;
                }

                best = Math.Min(best, d);
            }

            distances[i] = best;
        }

        return distances;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double KolmogorovSmirnov(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        var statistic = 0.0;
        while (i < x.Length && j < y.Length)
        {
            var value = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= value)
            {
                i++;
            }

            while (j < y.Length && y[j] <= value)
            {
                j++;
            }

            statistic = Math.Max(statistic, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }

        return statistic;
    }

    public static Dictionary<string, double> Frequencies(string[] values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count() / values.Length, StringComparer.Ordinal);

    public static double TotalVariation(Dictionary<string, double> p, Dictionary<string, double> q) =>
        0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));

    private static string[] Bin(double[] values, double low, double high) => values.Select(v =>
        (high > low ? Math.Clamp((int)((v - low) / (high - low) * Bins), 0, Bins - 1) : 0).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static double Correlation(double[] a, double[] b)
    {
        var (meanA, meanB) = (a.Average(), b.Average());
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return varianceA > 0 && varianceB > 0 ? covariance / Math.Sqrt(varianceA * varianceB) : 0;
    }
}
