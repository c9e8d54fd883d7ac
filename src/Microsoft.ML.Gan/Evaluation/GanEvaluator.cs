using System;
using System.Collections.Generic;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// Measures generated rows against real ones through a <see cref="GanFeatureExtractor"/>: FID, KID, precision/recall,
/// density/coverage, and with class probabilities the Inception Score and mode statistics. Create it with
/// <c>mlContext.Gan().Evaluator(extractor, options)</c> or call <c>mlContext.Gan().Evaluate(real, generated, extractor)</c>.
/// </summary>
/// <remarks>
/// <para>Both sides go through the same extractor; each metric follows its reference tool (see docs/EVALUATION.md). The
/// features are held in memory (rows × dimension floats per side); the pairwise metrics cost O(real × generated × dimension).</para>
/// </remarks>
public sealed partial class GanEvaluator
{
    private readonly MLContext _context;
    private readonly GanFeatureExtractor _extractor;
    private readonly Options _options;

    internal GanEvaluator(MLContext context, GanFeatureExtractor extractor, Options options)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(options);
        AtLeast(options.KidSubsets, 1, nameof(Options.KidSubsets));
        // The unbiased estimator divides by m(m − 1).
        AtLeast(options.KidSubsetSize, 2, nameof(Options.KidSubsetSize));
        AtLeast(options.InceptionScoreSplits, 1, nameof(Options.InceptionScoreSplits));
        AtLeast(options.PrecisionRecallNeighbors, 1, nameof(Options.PrecisionRecallNeighbors));
        AtLeast(options.DensityCoverageNeighbors, 1, nameof(Options.DensityCoverageNeighbors));
        AtLeast(options.ModeMinimumCount, 1, nameof(Options.ModeMinimumCount));
        _context = context;
        _extractor = extractor;
        _options = options;
    }

    /// <summary>Extracts features from both views and computes the metrics.</summary>
    /// <param name="real">The real rows, in the form the extractor reads.</param>
    /// <param name="generated">The generated rows, in the same form.</param>
    /// <returns>The metrics, each with its sample sizes and settings.</returns>
    public GanEvaluationMetrics Evaluate(IDataView real, IDataView generated)
    {
        var host = ((IHostEnvironment)_context).Register(nameof(GanEvaluator));
        var realSide = _extractor.Extract(real, "real data", nameof(real));
        var generatedSide = _extractor.Extract(generated, "generated data", nameof(generated));
        if (realSide.Features.Dimension != generatedSide.Features.Dimension)
        {
            throw new ArgumentException(
                $"The real features have {realSide.Features.Dimension} dimensions and the generated ones {generatedSide.Features.Dimension}.", nameof(generated));
        }

        var hasProbabilities = realSide.Probabilities is not null && generatedSide.Probabilities is not null;
        var metrics = _options.Metrics ?? (hasProbabilities ? GanMetrics.All : GanMetrics.FeatureMetrics);
        if (!hasProbabilities && (metrics & (GanMetrics.InceptionScore | GanMetrics.Modes)) != 0)
        {
            throw new InvalidOperationException(
                $"The Inception Score and mode statistics need class probabilities, and {_extractor.Name} gives none: use a " +
                "GanDomainClassifier, or RawFeatures with a probability column.");
        }

        var random = new Random(_options.Seed ?? host.Rand.Next());
        var warnings = new List<string>();
        var (real1, generated1) = (realSide.Features, generatedSide.Features);
        FrechetDistanceResult? fid = null;
        if (metrics.HasFlag(GanMetrics.FrechetDistance))
        {
            fid = FrechetDistance.Compute(
                FeatureStatistics.Compute(real1.Span, real1.Rows, real1.Dimension, _extractor.Name),
                FeatureStatistics.Compute(generated1.Span, generated1.Rows, generated1.Dimension, _extractor.Name));
            warnings.AddRange(fid.Warnings);
        }

        (double Mean, double StandardDeviation, int SubsetSize)? kid = metrics.HasFlag(GanMetrics.KernelInceptionDistance)
            ? KernelInceptionDistance.Compute(real1, generated1, _options.KidSubsets, _options.KidSubsetSize, random)
            : null;
        (double Precision, double Recall, double Density, double Coverage)? manifold =
            (metrics & (GanMetrics.PrecisionRecall | GanMetrics.DensityCoverage)) != 0
            ? ManifoldMetrics.Compute(real1, generated1, _options.PrecisionRecallNeighbors, _options.DensityCoverageNeighbors)
            : null;

        (double Mean, double StandardDeviation)? inception = null;
        ModeStatistics? modes = null;
        if (hasProbabilities && (metrics & (GanMetrics.InceptionScore | GanMetrics.Modes)) != 0)
        {
            var (realProbabilities, generatedProbabilities) = (realSide.Probabilities!, generatedSide.Probabilities!);
            if (realProbabilities.Dimension != generatedProbabilities.Dimension)
            {
                throw new ArgumentException(
                    $"The real rows have {realProbabilities.Dimension} class probabilities and the generated ones {generatedProbabilities.Dimension}.", nameof(generated));
            }

            InceptionScore.Validate(generatedProbabilities.Span, generatedProbabilities.Rows, generatedProbabilities.Dimension, "the generated data");
            if (metrics.HasFlag(GanMetrics.InceptionScore))
            {
                inception = InceptionScore.Compute(generatedProbabilities.Span, generatedProbabilities.Rows, generatedProbabilities.Dimension, _options.InceptionScoreSplits);
            }

            if (metrics.HasFlag(GanMetrics.Modes))
            {
                modes = new ModeStatistics(
                    ModeStatistics.Histogram(generatedProbabilities.Span, generatedProbabilities.Rows, generatedProbabilities.Dimension),
                    ModeStatistics.Histogram(realProbabilities.Span, realProbabilities.Rows, realProbabilities.Dimension),
                    _options.ModeMinimumCount);
            }
        }

        EvaluationInputs.Warn(_context, "Evaluate", warnings);
        return new GanEvaluationMetrics
        {
            Extractor = _extractor.Name,
            RealCount = real1.Rows,
            GeneratedCount = generated1.Rows,
            FeatureDimension = real1.Dimension,
            FrechetDistance = fid,
            KernelInceptionDistance = kid?.Mean,
            KernelInceptionDistanceStandardDeviation = kid?.StandardDeviation,
            KidSubsets = kid is null ? 0 : _options.KidSubsets,
            KidSubsetSize = kid?.SubsetSize ?? 0,
            InceptionScore = inception?.Mean,
            InceptionScoreStandardDeviation = inception?.StandardDeviation,
            InceptionScoreSplits = inception is null ? 0 : _options.InceptionScoreSplits,
            Precision = metrics.HasFlag(GanMetrics.PrecisionRecall) ? manifold?.Precision : null,
            Recall = metrics.HasFlag(GanMetrics.PrecisionRecall) ? manifold?.Recall : null,
            PrecisionRecallNeighbors = metrics.HasFlag(GanMetrics.PrecisionRecall) ? _options.PrecisionRecallNeighbors : 0,
            Density = metrics.HasFlag(GanMetrics.DensityCoverage) ? manifold?.Density : null,
            Coverage = metrics.HasFlag(GanMetrics.DensityCoverage) ? manifold?.Coverage : null,
            DensityCoverageNeighbors = metrics.HasFlag(GanMetrics.DensityCoverage) ? _options.DensityCoverageNeighbors : 0,
            Modes = modes,
            Warnings = warnings,
        };
    }

    private static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"GanEvaluator.Options.{name} must be at least {minimum}.");
        }
    }
}
