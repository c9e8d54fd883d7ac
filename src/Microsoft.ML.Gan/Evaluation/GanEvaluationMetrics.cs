using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Microsoft.ML.Gan;

/// <summary>
/// Everything a <see cref="GanEvaluator"/> measured, with what produced it: the extractor, the sample sizes and the
/// settings of each metric. A metric that was not computed is <see langword="null"/>.
/// </summary>
public sealed class GanEvaluationMetrics
{
    internal GanEvaluationMetrics()
    {
    }

    /// <summary>The extractor that produced the features, as <see cref="GanFeatureExtractor.Name"/> says.</summary>
    public required string Extractor { get; init; }

    /// <summary>The number of real rows.</summary>
    public required int RealCount { get; init; }

    /// <summary>The number of generated rows.</summary>
    public required int GeneratedCount { get; init; }

    /// <summary>The feature dimension.</summary>
    public required int FeatureDimension { get; init; }

    /// <summary>The Fréchet distance with its details, or <see langword="null"/>.</summary>
    public FrechetDistanceResult? FrechetDistance { get; init; }

    /// <summary>KID: the mean unbiased MMD² over the subsets, or <see langword="null"/>.</summary>
    public double? KernelInceptionDistance { get; init; }

    /// <summary>The standard deviation of KID over the subsets.</summary>
    public double? KernelInceptionDistanceStandardDeviation { get; init; }

    /// <summary>The number of KID subsets.</summary>
    public int KidSubsets { get; init; }

    /// <summary>The rows per side in each KID subset (the option, capped at the smaller side).</summary>
    public int KidSubsetSize { get; init; }

    /// <summary>The Inception Score (mean over the splits), or <see langword="null"/>.</summary>
    public double? InceptionScore { get; init; }

    /// <summary>The standard deviation of the Inception Score over the splits.</summary>
    public double? InceptionScoreStandardDeviation { get; init; }

    /// <summary>The number of Inception Score splits.</summary>
    public int InceptionScoreSplits { get; init; }

    /// <summary>The share of generated rows inside the real manifold, or <see langword="null"/>.</summary>
    public double? Precision { get; init; }

    /// <summary>The share of real rows inside the generated manifold, or <see langword="null"/>.</summary>
    public double? Recall { get; init; }

    /// <summary>k of the precision and recall balls.</summary>
    public int PrecisionRecallNeighbors { get; init; }

    /// <summary>Density (about 1 when the generated rows are distributed like the real ones; can exceed 1), or <see langword="null"/>.</summary>
    public double? Density { get; init; }

    /// <summary>The share of real rows whose ball holds a generated row, or <see langword="null"/>.</summary>
    public double? Coverage { get; init; }

    /// <summary>k of the density and coverage balls.</summary>
    public int DensityCoverageNeighbors { get; init; }

    /// <summary>The label histogram of the generated rows, modes hit and KL to the real labels, or <see langword="null"/>.</summary>
    public ModeStatistics? Modes { get; init; }

    /// <summary>Conditions that make some numbers less trustworthy.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A multi-line report of every computed metric with its settings.</summary>
    /// <returns>The report.</returns>
    public override string ToString()
    {
        var report = new StringBuilder();
        void Line(string text) => report.AppendLine(CultureInfo.InvariantCulture, $"{text}");
        Line($"Features: {Extractor}, {FeatureDimension} dimensions; {RealCount} real rows, {GeneratedCount} generated rows");
        if (FrechetDistance is { } fid)
        {
            Line($"FID: {fid.Value.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        if (KernelInceptionDistance is { } kid)
        {
            Line($"KID: {kid.ToString("F6", CultureInfo.InvariantCulture)} ± {KernelInceptionDistanceStandardDeviation!.Value.ToString("F6", CultureInfo.InvariantCulture)} ({KidSubsets} subsets of {KidSubsetSize})");
        }

        if (InceptionScore is { } score)
        {
            Line($"Inception Score: {score.ToString("F4", CultureInfo.InvariantCulture)} ± {InceptionScoreStandardDeviation!.Value.ToString("F4", CultureInfo.InvariantCulture)} ({InceptionScoreSplits} splits)");
        }

        if (Precision is { } precision)
        {
            Line($"Precision / recall (k = {PrecisionRecallNeighbors}): {precision.ToString("F4", CultureInfo.InvariantCulture)} / {Recall!.Value.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        if (Density is { } density)
        {
            Line($"Density / coverage (k = {DensityCoverageNeighbors}): {density.ToString("F4", CultureInfo.InvariantCulture)} / {Coverage!.Value.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        if (Modes is { } modes)
        {
            Line($"Modes: {modes}");
        }

        foreach (var warning in Warnings)
        {
            Line($"Warning: {warning}");
        }

        return report.ToString();
    }
}
