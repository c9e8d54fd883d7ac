using System;
using System.Collections.Generic;
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
    /// <c>bias += log(training rate / generated rate)</c>, since a bias moves diffuse rows more than confident ones). With
    /// a label column, the same per label category, on rows generated for that label: the generator's quantiles of every
    /// continuous column with per-class training quantiles (<see cref="WithClassTrainingQuantiles"/>), and log-odds for
    /// every categorical column against the training rows of that label (<paramref name="categoryOfRow"/>: each training
    /// row's category in each categorical column). The encoding itself when the model does not calibrate.
    /// </summary>
    public static TabularEncoding Measure(TabularGanModel model, long seed, int[][] categoryOfRow)
    {
        if (!model.Settings.MarginalCalibration)
        {
            return model.Encoding;
        }

        var columns = model.Encoding.Columns.Select(c => c with { GeneratedQuantiles = null, CategoryBias = null, ClassCategoryBias = null, ClassGeneratedQuantiles = null }).ToArray();
        for (var round = 0; round < BiasRounds; round++)
        {
            var encoding = new TabularEncoding(columns);
            var block = Sample(model.WithEncoding(encoding), seed, condition: null, long.MinValue, SampleRows);
            columns = columns.Select((column, i) => column.IsContinuous
                ? round > 0 ? column : column with { GeneratedQuantiles = GeneratedQuantiles(column, block.Numbers[i]!) }
                : column with { CategoryBias = Rebias(column.CategoryBias, Count(column, block.Numbers[i], block.Categories[i]), Rates(column.Counts!)) }).ToArray();
        }

        return model.Encoding.DiscreteIndexOf(model.Settings.LabelColumn) is int label && (model.Encoding.Discrete.Length > 1 || columns.Any(c => c.ClassTrainingQuantiles is not null))
            ? CalibrateClasses(model, columns, seed, categoryOfRow, label)
            : new TabularEncoding(columns);
    }

    // Rounds of the categorical bias; the rates measured after the last are within sampling noise on credit-g.
    private const int BiasRounds = 3;

    /// <summary>
    /// Training rows a label category needs for calibration of its own: a smaller class's rates and quantiles are too
    /// noisy to aim at, and would steer its rows towards copies of its few training rows; it keeps the column's calibration.
    /// </summary>
    public const int MinimumClassRows = 30;

    // Rows generated per label category: as many as the unconditional sample up to a total budget for many classes.
    private const int MinimumClassSample = 2_000;

    private const int ClassRowBudget = 100_000;

    private static TabularEncoding CalibrateClasses(TabularGanModel model, TabularColumnModel[] columns, long seed, int[][] categoryOfRow, int label)
    {
        var discrete = model.Encoding.Discrete;
        var labels = categoryOfRow[label];
        var classes = columns[discrete[label]].Categories!.Length;
        var classRows = new int[classes];
        foreach (var c in labels)
        {
            classRows[c]++;
        }

        var rows = Math.Max(MinimumClassSample, Math.Min(SampleRows, ClassRowBudget / classes));
        // Each class's training rates, shrunk towards the column's rates by one row's weight, so a category that a small
        // class never shows keeps a small rate rather than none.
        var targets = discrete.Select((i, d) =>
        {
            if (d == label)
            {
                return null;
            }

            // One pass over the rows counts every class's categories.
            var overall = Rates(columns[i].Counts!);
            var counts = Enumerable.Range(0, classes).Select(_ => new double[overall.Length]).ToArray();
            for (var row = 0; row < labels.Length; row++)
            {
                counts[labels[row]][categoryOfRow[d][row]]++;
            }

            return counts.Select((ofClass, c) => ofClass.Select((n, j) => (n + overall[j]) / (classRows[c] + 1)).ToArray()).ToArray();
        }).ToArray();

        for (var round = 0; round < BiasRounds; round++)
        {
            // The first round starts from the unconditional bias, which already corrects most of the generator's rates.
            var calibrated = model.WithEncoding(new TabularEncoding(columns));
            var biases = discrete.Select(_ => new double[]?[classes]).ToArray();
            var generatedQuantiles = columns.Select(_ => new double[]?[classes]).ToArray();
            for (var c = 0; c < classes; c++)
            {
                if (classRows[c] < MinimumClassRows)
                {
                    continue;
                }

                // Keys after the unconditional sample's, so the streams do not overlap.
                var block = Sample(calibrated, seed, (label, c), long.MinValue + SampleRows + ((long)c * rows), rows);
                for (var i = 0; i < columns.Length; i++)
                {
                    if (round == 0 && columns[i].ClassTrainingQuantiles?[c] is { } training)
                    {
                        var present = block.Numbers[i]!.Where(v => !double.IsNaN(v)).ToArray();
                        generatedQuantiles[i][c] = present.Length > 0 ? Quantiles(present, training.Length) : null;
                    }
                }

                for (var d = 0; d < discrete.Length; d++)
                {
                    if (d != label)
                    {
                        var column = columns[discrete[d]];
                        biases[d][c] = Rebias(column.ClassCategoryBias?[c] ?? column.CategoryBias, Count(column, block.Numbers[discrete[d]], block.Categories[discrete[d]]), targets[d]![c]);
                    }
                }
            }

            for (var d = 0; d < discrete.Length; d++)
            {
                if (d != label)
                {
                    columns[discrete[d]] = columns[discrete[d]] with { ClassCategoryBias = biases[d] };
                }
            }

            // The categorical bias does not move continuous values: their quantiles are measured once.
            for (var i = 0; round == 0 && i < columns.Length; i++)
            {
                if (columns[i].ClassTrainingQuantiles is not null)
                {
                    columns[i] = columns[i] with { ClassGeneratedQuantiles = generatedQuantiles[i] };
                }
            }
        }

        return new TabularEncoding(columns);
    }

    /// <summary>
    /// <paramref name="encoding"/> with, for every continuous column that keeps training quantiles, the quantiles of each
    /// label category's training values (<paramref name="label"/>: the label's index among the categorical columns,
    /// <paramref name="categoryOfRow"/>: each training row's category in each of them).
    /// </summary>
    public static TabularEncoding WithClassTrainingQuantiles(TabularEncoding encoding, TabularTable table, int[][] categoryOfRow, int label)
    {
        var labels = categoryOfRow[label];
        var classes = encoding.Columns[encoding.Discrete[label]].Categories!.Length;
        return new TabularEncoding(encoding.Columns.Select((column, i) =>
        {
            if (!column.IsContinuous || column.TrainingQuantiles is not { } overall)
            {
                return column;
            }

            // One pass over the rows sorts the present values into their classes.
            var byClass = Enumerable.Range(0, classes).Select(_ => new List<double>()).ToArray();
            var values = table.Numbers[i]!;
            for (var row = 0; row < values.Length; row++)
            {
                if (!double.IsNaN(values[row]))
                {
                    byClass[labels[row]].Add(values[row]);
                }
            }

            return column with
            {
                ClassTrainingQuantiles = byClass.Select(present => present.Count >= MinimumClassRows ? Quantiles([.. present], overall.Length) : null).ToArray(),
            };
        }).ToArray());
    }

    private static TabularBlock Sample(TabularGanModel model, long seed, (int Discrete, int Category)? condition, long firstKey, int rows)
    {
        var sampler = new TabularSampler(model, rawContinuous: true);
        var block = new TabularBlock(model.Encoding, rows);
        for (var first = 0; first < rows; first += Chunk)
        {
            sampler.Generate(seed, firstKey + first, Math.Min(Chunk, rows - first), condition, block, first);
        }

        return block;
    }

    private static double[]? GeneratedQuantiles(TabularColumnModel column, double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        // A generator that makes every value of the column missing leaves nothing to calibrate.
        return column.TrainingQuantiles is { } training && present.Length > 0 ? Quantiles(present, training.Length) : null;
    }

    private static double[] Rates(long[] counts)
    {
        var total = (double)counts.Sum();
        return counts.Select(c => c / total).ToArray();
    }

    /// <summary>How often each category of a categorical column occurs in generated rows.</summary>
    private static double[] Count(TabularColumnModel column, double[]? numbers, int[]? categories)
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

        return counts;
    }

    private static double[] Rebias(double[]? bias, double[] counts, double[] targetRates)
    {
        var rows = counts.Sum();
        bias ??= new double[counts.Length];
        // Half a row of smoothing keeps a category the generator never drew finite; the bias is bounded so that no
        // category is forced or removed outright.
        return bias.Select((b, j) => Math.Clamp(b + Math.Log((targetRates[j] + (0.5 / rows)) / ((counts[j] + 0.5) / rows)), -MaxBias, MaxBias)).ToArray();
    }

    private const double MaxBias = 5;
}
