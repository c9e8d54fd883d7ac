using System;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>The evaluator on mlContext.Gan(): one metrics object that says what produced each number.</summary>
public sealed class GanEvaluatorTests
{
    private const int Classes = 4;
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Raw_features_with_probabilities_give_every_metric_with_its_provenance()
    {
        var real = View(FeatureData.Gaussian(200, 6, 0, seed: 1), 6, label: i => i % Classes);
        var generated = View(FeatureData.Gaussian(150, 6, 0.3, seed: 2), 6, label: i => i % 2);
        var options = new GanEvaluator.Options { KidSubsets = 5, KidSubsetSize = 100, InceptionScoreSplits = 5 };

        var metrics = _mlContext.Gan().Evaluate(real, generated, GanFeatureExtractor.RawFeatures("Features", "Probabilities"), options);

        metrics.Extractor.Should().Be("raw column 'Features' with probabilities 'Probabilities'");
        (metrics.RealCount, metrics.GeneratedCount, metrics.FeatureDimension).Should().Be((200, 150, 6));
        metrics.FrechetDistance!.Value.Should().Be(_mlContext.Gan().ComputeFrechetDistance(real, generated).Value);
        metrics.FrechetDistance.RealSource.Should().Be(metrics.Extractor);
        metrics.KernelInceptionDistance.Should().BeGreaterThan(0);
        (metrics.KidSubsets, metrics.KidSubsetSize).Should().Be((5, 100));
        metrics.InceptionScore.Should().BeApproximately(2, 0.2);
        metrics.InceptionScoreSplits.Should().Be(5);
        metrics.Precision.Should().BeInRange(0, 1);
        metrics.Recall.Should().BeInRange(0, 1);
        metrics.Coverage.Should().BeInRange(0, 1);
        metrics.Density.Should().BeGreaterThan(0);
        (metrics.PrecisionRecallNeighbors, metrics.DensityCoverageNeighbors).Should().Be((3, 5));
        metrics.Modes!.GeneratedHistogram.Should().Equal(75, 75, 0, 0);
        metrics.Modes.ModesHit.Should().Be(2);
        metrics.ToString().Should().Contain("FID: ").And.Contain("KID: ").And.Contain("(5 subsets of 100)").And.Contain("2 of 4 modes hit");
    }

    [Fact]
    public void Without_probabilities_only_feature_metrics_are_computed_and_asking_for_more_throws()
    {
        var real = View(FeatureData.Gaussian(60, 3, 0, seed: 3), 3, label: i => 0);
        var generated = View(FeatureData.Gaussian(60, 3, 0, seed: 4), 3, label: i => 0);

        var metrics = _mlContext.Gan().Evaluate(real, generated, options: new GanEvaluator.Options { KidSubsets = 2, Metrics = GanMetrics.FrechetDistance | GanMetrics.KernelInceptionDistance });
        var inception = () => _mlContext.Gan().Evaluate(real, generated, options: new GanEvaluator.Options { Metrics = GanMetrics.InceptionScore });

        metrics.Extractor.Should().Be("raw column 'Features'");
        metrics.FrechetDistance.Should().NotBeNull();
        metrics.KidSubsetSize.Should().Be(60);
        (metrics.InceptionScore, metrics.Precision, metrics.Density).Should().Be((null, null, null));
        metrics.Modes.Should().BeNull();
        inception.Should().Throw<InvalidOperationException>().WithMessage("The Inception Score and mode statistics need class probabilities*");
    }

    [Fact]
    public void Features_as_probabilities_are_rejected()
    {
        var real = View(FeatureData.Gaussian(20, 3, 0, seed: 5), 3, label: i => 0);

        var evaluate = () => _mlContext.Gan().Evaluate(real, real, GanFeatureExtractor.RawFeatures("Features", "Features"));

        evaluate.Should().Throw<InvalidOperationException>().WithMessage("The class probabilities of the generated data *: pass softmax outputs*");
        FluentActions.Invoking(() => _mlContext.Gan().Evaluator(GanFeatureExtractor.RawFeatures(), new GanEvaluator.Options { KidSubsetSize = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*KidSubsetSize*");
    }

    private IDataView View(float[] features, int dimension, Func<int, int> label)
    {
        var probabilities = Enumerable.Range(0, features.Length / dimension)
            .SelectMany(i => Enumerable.Range(0, Classes).Select(c => c == label(i) ? 1f : 0f))
            .ToArray();
        return FeatureData.View(_mlContext, features, dimension, probabilities, Classes);
    }
}
