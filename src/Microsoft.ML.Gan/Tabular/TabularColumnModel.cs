using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// How one column is encoded for the networks and decoded back (CTGAN's data transformer, per column), in a form that
/// serialises to JSON with the model.
/// </summary>
/// <remarks>
/// <para>Continuous (Single, Double, Int32, Int64): mode-specific normalisation. A Gaussian mixture (see
/// <see cref="GaussianMixture1D"/>) gives modes; a value is encoded as a one-hot mode, drawn from the mode posterior,
/// and a scalar <c>α = (x − μ_k) / (4σ_k)</c> clipped to [−0.99, 0.99] (the generator outputs it through tanh). Decoded
/// values are clipped to the training range and integers are rounded. When the column has missing values (NaN), a
/// two-way indicator (present, missing) follows, and generated rows are missing at the rate the generator learnt.</para>
/// <para>Categorical (Boolean, text, key): one-hot over the categories seen, in order of first appearance.</para>
/// <para>A numeric column with few distinct values (at most <c>Options.DiscreteValueLimit</c>, NaN counting as one) is
/// modelled as categorical over its values in ascending order (<see cref="Values"/>): a Gaussian mixture would blur
/// codes such as 1–4 into a continuum that rounding only partly undoes.</para>
/// </remarks>
internal sealed record TabularColumnModel
{
    public required TabularColumnSpec Spec { get; init; }

    public double[]? Weights { get; init; }

    public double[]? Means { get; init; }

    public double[]? StandardDeviations { get; init; }

    public double Minimum { get; init; }

    public double Maximum { get; init; }

    public bool HasMissing { get; init; }

    public string[]? Categories { get; init; }

    public long[]? Counts { get; init; }

    /// <summary>
    /// For marginal calibration (<see cref="TabularGanTrainer.Options.MarginalCalibration"/>): the training column's
    /// quantiles at evenly spaced probabilities; null when off and in models saved before it existed.
    /// </summary>
    public double[]? TrainingQuantiles { get; init; }

    /// <summary>The generator's quantiles at the same probabilities, before calibration; null until a model is made.</summary>
    public double[]? GeneratedQuantiles { get; init; }

    /// <summary>
    /// For marginal calibration of a categorical column: log-odds added to the generator's logits before a category is
    /// drawn, so generated rows have the training rates; null when off and in models saved before it existed.
    /// </summary>
    public double[]? CategoryBias { get; init; }

    /// <summary>
    /// For marginal calibration with a label column: per label category, the log-odds added to this column's logits in
    /// rows generated for that label, so each class's rows have the class's training rates (replaces
    /// <see cref="CategoryBias"/> there; null for a class with fewer than <see cref="MarginalCalibration.MinimumClassRows"/>
    /// training rows); null for the label column, without a label, and in models saved before it existed.
    /// </summary>
    public double[]?[]? ClassCategoryBias { get; init; }

    /// <summary>
    /// For marginal calibration of a continuous column with a label column: per label category, the quantiles of that
    /// class's training values (null for a class with fewer than <see cref="MarginalCalibration.MinimumClassRows"/> of them);
    /// null without a label and in models saved before it existed.
    /// </summary>
    public double[]?[]? ClassTrainingQuantiles { get; init; }

    /// <summary>Per label category, the generator's quantiles in rows generated for that label; null until a model is made.</summary>
    public double[]?[]? ClassGeneratedQuantiles { get; init; }

    /// <summary>Whether decoding needs the label of the row (per-class calibration).</summary>
    public bool IsCalibratedPerClass => ClassCategoryBias is not null || ClassGeneratedQuantiles is not null;

    /// <summary>For a numeric column modelled as categorical: the value of each category (NaN = missing).</summary>
    public double[]? Values { get; init; }

    /// <summary>Whether the column has mode-specific normalisation (a numeric column with many distinct values).</summary>
    public bool IsContinuous => Spec.IsContinuous && Values is null;

    /// <summary>Whether decoded values are numbers (also when the column is modelled as categorical).</summary>
    public bool IsNumeric => Spec.IsContinuous;

    public int Modes => Means?.Length ?? 0;

    /// <summary>Width of the column's block in the encoded row.</summary>
    public int Width => IsContinuous ? 1 + Modes + (HasMissing ? 2 : 0) : Categories!.Length;

    /// <summary>The activation spans of the block, relative to its start: (offset, width, tanh or softmax).</summary>
    public IEnumerable<(int Offset, int Width, bool Tanh)> Spans()
    {
        if (!IsContinuous)
        {
            yield return (0, Categories!.Length, false);
            yield break;
        }

        yield return (0, 1, true);
        yield return (1, Modes, false);
        if (HasMissing)
        {
            yield return (1 + Modes, 2, false);
        }
    }

    /// <summary>
    /// Fits the encoding of a numeric column: categorical over its values when it has at most
    /// <see cref="TabularGanTrainer.Options.DiscreteValueLimit"/> distinct ones, otherwise mode-specific normalisation.
    /// </summary>
    public static TabularColumnModel Numeric(TabularColumnSpec spec, double[] values, TabularGanTrainer.Options options, int seed)
    {
        if (values.All(double.IsNaN))
        {
            return Continuous(spec, values, options, seed);
        }

        var counts = new Dictionary<double, long>();
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
            if (counts.Count > options.DiscreteValueLimit)
            {
                return Continuous(spec, values, options, seed);
            }
        }

        // double's comparison puts NaN first; the missing value goes last.
        var distinct = counts.Keys.Where(v => !double.IsNaN(v)).Order().Concat(counts.Keys.Where(double.IsNaN)).ToArray();
        return new TabularColumnModel
        {
            Spec = spec,
            Values = distinct,
            Categories = distinct.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            Counts = distinct.Select(v => counts[v]).ToArray(),
        };
    }

    /// <summary>Fits the mode-specific normalisation of a continuous column.</summary>
    private static TabularColumnModel Continuous(TabularColumnSpec spec, double[] values, TabularGanTrainer.Options options, int seed)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0)
        {
            throw new InvalidOperationException(
                $"Column '{spec.Name}' has no values: every row is missing (NaN). Drop the column or fill it before training a tabular GAN.");
        }

        var fit = GaussianMixture1D.Estimate(present, options.MaxModes, options.ModeWeightConcentration, options.ModeWeightThreshold,
            maxIterations: 100, sampleLimit: 20_000, seed);
        return new TabularColumnModel
        {
            Spec = spec,
            Weights = fit.Weights,
            Means = fit.Means,
            StandardDeviations = fit.StandardDeviations,
            Minimum = present.Min(),
            Maximum = present.Max(),
            HasMissing = present.Length < values.Length,
            TrainingQuantiles = options.MarginalCalibration ? MarginalCalibration.Quantiles(present, TabularGanTrainer.Defaults.CalibrationQuantiles) : null,
        };
    }

    /// <summary>Fits the encoding of a categorical column: its categories in order of first appearance, with counts.</summary>
    public static TabularColumnModel Categorical(TabularColumnSpec spec, string[] values)
    {
        var order = new List<string>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!counts.TryGetValue(value, out var count))
            {
                order.Add(value);
            }

            counts[value] = count + 1;
        }

        return new TabularColumnModel { Spec = spec, Categories = [.. order], Counts = order.Select(c => counts[c]).ToArray() };
    }

    /// <summary>Writes the encoding of a continuous value into <paramref name="block"/> (all zeros on entry).</summary>
    public void EncodeContinuous(double value, Span<float> block, Random random, Span<double> posterior)
    {
        if (double.IsNaN(value))
        {
            // Missing: the scalar and mode are unused when decoding; mode 0 keeps the block one-hot.
            block[1] = 1;
            block[1 + Modes + 1] = 1;
            return;
        }

        var fit = new GaussianMixture1D.Fit(Weights!, Means!, StandardDeviations!);
        GaussianMixture1D.Posterior(fit, value, posterior);
        var u = random.NextDouble();
        var mode = Modes - 1;
        for (var j = 0; j < Modes; j++)
        {
            u -= posterior[j];
            if (u < 0)
            {
                mode = j;
                break;
            }
        }

        block[0] = (float)Math.Clamp((value - Means![mode]) / (4 * StandardDeviations![mode]), -0.99, 0.99);
        block[1 + mode] = 1;
        if (HasMissing)
        {
            block[1 + Modes] = 1;
        }
    }

    /// <summary>The index of <paramref name="category"/>, or −1 when it was not seen in training.</summary>
    public int IndexOf(string category) => Array.IndexOf(Categories!, category);

    /// <summary>A value's category text as the encoder stores it (see <see cref="TabularTable"/>).</summary>
    public string CategoryText(object value) => value switch
    {
        bool b => b ? bool.TrueString : bool.FalseString,
        uint key => key.ToString(CultureInfo.InvariantCulture),
        string text when Spec.Kind == TabularValueKind.Key && Spec.KeyValues is { } keyValues && Array.IndexOf(keyValues, text) is var i and >= 0 =>
            (i + 1).ToString(CultureInfo.InvariantCulture),
        string text when Spec.Kind == TabularValueKind.Boolean && bool.TryParse(text, out var b) => b ? bool.TrueString : bool.FalseString,
        string text => text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>
    /// Decodes a continuous value from the activated scalar, the mode and whether it is missing: the mode's value,
    /// calibrated when the column has both quantile sets (those of the row's <paramref name="label"/> category when it
    /// has them), clipped to the training range, and rounded for integers.
    /// </summary>
    public double DecodeContinuous(double alpha, int mode, bool missing, int label = -1)
    {
        if (missing)
        {
            return double.NaN;
        }

        var value = RawContinuous(alpha, mode);
        if (label >= 0 && ClassGeneratedQuantiles?[label] is { } classFrom && ClassTrainingQuantiles?[label] is { } classTo)
        {
            value = MarginalCalibration.Map(value, classFrom, classTo);
        }
        else if (GeneratedQuantiles is { } from && TrainingQuantiles is { } to)
        {
            value = MarginalCalibration.Map(value, from, to);
        }

        value = Math.Clamp(value, Minimum, Maximum);
        return Spec.IsInteger ? Math.Round(value, MidpointRounding.ToEven) : value;
    }

    /// <summary>The value a mode's scalar stands for, before calibration, clipping and rounding.</summary>
    public double RawContinuous(double alpha, int mode) => alpha * 4 * StandardDeviations![mode] + Means![mode];
}
