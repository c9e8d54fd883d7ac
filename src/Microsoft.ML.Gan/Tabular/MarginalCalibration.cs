using System;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// Gives generated continuous columns the training column's marginal distribution by a monotone quantile map (see
/// <see cref="TabularGanTrainer.Options.MarginalCalibration"/>). The generator's dependence between columns survives
/// because the map keeps every column's order of values.
/// </summary>
internal static class MarginalCalibration
{
    /// <summary>Rows generated to measure the generator's quantiles.</summary>
    public const int SampleRows = 20_000;

    // Rows are generated in chunks so the generator's input stays small.
    private const int Chunk = 4_096;

    /// <summary>
    /// The quantiles of <paramref name="values"/> (no NaN) at <paramref name="count"/> evenly spaced probabilities from 0
    /// to 1, interpolating linearly between order statistics.
    /// </summary>
    public static double[] Quantiles(double[] values, int count)
    {
        var sorted = values.Order().ToArray();
        var quantiles = new double[count];
        for (var k = 0; k < count; k++)
        {
            var position = (double)k / (count - 1) * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, sorted.Length - 1);
            quantiles[k] = sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
        }

        return quantiles;
    }

    /// <summary>
    /// Maps <paramref name="value"/> from the distribution with quantiles <paramref name="from"/> to the one with
    /// quantiles <paramref name="to"/> (same probabilities): linear between knots, the end quantiles beyond them.
    /// </summary>
    public static double Map(double value, double[] from, double[] to)
    {
        if (value <= from[0])
        {
            return to[0];
        }

        if (value >= from[^1])
        {
            return to[^1];
        }

        // The first knot at or above the value; from[upper - 1] < value here, so the interval has width.
        var upper = Array.BinarySearch(from, value);
        if (upper >= 0)
        {
            return to[upper];
        }

        upper = ~upper;
        var fraction = (value - from[upper - 1]) / (from[upper] - from[upper - 1]);
        return to[upper - 1] + (fraction * (to[upper] - to[upper - 1]));
    }

    /// <summary>
    /// <paramref name="model"/>'s encoding calibrated on <see cref="SampleRows"/> unconditional rows (keys from a stream of
    /// their own): the generator's quantiles for every continuous column that keeps training quantiles, and for every
    /// categorical column log-odds that bring its generated rates to the training rates (a few rounds of
    /// <c>bias += log(training rate / generated rate)</c>, since a bias moves diffuse rows more than confident ones). The
    /// encoding itself when the model does not calibrate.
    /// </summary>
    public static TabularEncoding Measure(TabularGanModel model, long seed)
    {
        if (!model.Settings.MarginalCalibration)
        {
            return model.Encoding;
        }

        var columns = model.Encoding.Columns.Select(c => c with { GeneratedQuantiles = null, CategoryBias = null }).ToArray();
        for (var round = 0; round < BiasRounds; round++)
        {
            var encoding = new TabularEncoding(columns);
            var block = Sample(model.WithEncoding(encoding), seed);
            columns = columns.Select((column, i) => column.IsContinuous
                ? round > 0 ? column : column with { GeneratedQuantiles = GeneratedQuantiles(column, block.Numbers[i]!) }
                : column with { CategoryBias = Rebias(column, block.Numbers[i], block.Categories[i]) }).ToArray();
        }

        return new TabularEncoding(columns);
    }

    // Rounds of the categorical bias; the rates measured after the last are within sampling noise on credit-g.
    private const int BiasRounds = 3;

    private static TabularBlock Sample(TabularGanModel model, long seed)
    {
        var sampler = new TabularSampler(model, rawContinuous: true);
        var block = new TabularBlock(model.Encoding, SampleRows);
        for (var first = 0; first < SampleRows; first += Chunk)
        {
            sampler.Generate(seed, long.MinValue + first, Math.Min(Chunk, SampleRows - first), condition: null, block, first);
        }

        return block;
    }

    private static double[]? GeneratedQuantiles(TabularColumnModel column, double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        // A generator that makes every value of the column missing leaves nothing to calibrate.
        return column.TrainingQuantiles is { } training && present.Length > 0 ? Quantiles(present, training.Length) : null;
    }

    private static double[] Rebias(TabularColumnModel column, double[]? numbers, int[]? categories)
    {
        var counts = new double[column.Categories!.Length];
        if (column.Values is { } values)
        {
            foreach (var number in numbers!)
            {
                // NaN (missing) is the last category; Array.IndexOf finds NaN through double.Equals.
                counts[Array.IndexOf(values, number)]++;
            }
        }
        else
        {
            foreach (var category in categories!)
            {
                counts[category]++;
            }
        }

        var training = column.Counts!;
        var total = (double)training.Sum();
        var bias = column.CategoryBias ?? new double[counts.Length];
        // Half a row of smoothing keeps a category the generator never drew finite; the bias is bounded so that no
        // category is forced or removed outright.
        return bias.Select((b, j) => Math.Clamp(b + Math.Log((training[j] / total + (0.5 / SampleRows)) / ((counts[j] + 0.5) / SampleRows)), -MaxBias, MaxBias)).ToArray();
    }

    private const double MaxBias = 5;
}
