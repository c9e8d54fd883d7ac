using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>KID, Inception Score, precision/recall, density/coverage and mode statistics on sets with known answers.</summary>
public sealed class SampleMetricTests
{
    [Fact]
    public void KID_is_near_zero_for_one_distribution_and_positive_for_a_shift()
    {
        var real = Matrix(FeatureData.Gaussian(600, 8, 0, seed: 1), 8);
        var same = Matrix(FeatureData.Gaussian(600, 8, 0, seed: 2), 8);
        var shifted = Matrix(FeatureData.Gaussian(600, 8, 0.5, seed: 3), 8);

        var (sameMean, sameDeviation, size) = KernelInceptionDistance.Compute(real, same, 10, 300, new Random(1));
        var (shiftedMean, _, _) = KernelInceptionDistance.Compute(real, shifted, 10, 300, new Random(1));

        size.Should().Be(300);
        Math.Abs(sameMean).Should().BeLessThan(0.02);
        sameDeviation.Should().BeGreaterThan(0);
        shiftedMean.Should().BeGreaterThan(0.2).And.BeGreaterThan(10 * Math.Abs(sameMean));
    }

    [Fact]
    public void KID_with_whole_sets_equals_the_unbiased_MMD_computed_directly()
    {
        const int Rows = 40, Dimension = 3;
        var x = FeatureData.Gaussian(Rows, Dimension, 0, seed: 4);
        var y = FeatureData.Gaussian(Rows, Dimension, 0.7, seed: 5);
        double Kernel(float[] a, int i, float[] b, int j) =>
            Math.Pow((Enumerable.Range(0, Dimension).Sum(k => (double)a[(i * Dimension) + k] * b[(j * Dimension) + k]) / Dimension) + 1, 3);
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Rows; j++)
            {
                xx += i == j ? 0 : Kernel(x, i, x, j);
                yy += i == j ? 0 : Kernel(y, i, y, j);
                xy += Kernel(x, i, y, j);
            }
        }

        var expected = ((xx + yy) / (Rows * (Rows - 1))) - (2 * xy / (Rows * Rows));

        // A subset of every row is the whole set in some order: each of the 3 subsets gives the same value.
        var (mean, deviation, size) = KernelInceptionDistance.Compute(Matrix(x, Dimension), Matrix(y, Dimension), 3, 1000, new Random(2));

        size.Should().Be(Rows);
        mean.Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));
        deviation.Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Inception_score_of_uniform_one_hot_classes_is_the_class_count_and_of_identical_rows_is_one()
    {
        const int Classes = 7, Splits = 10;
        var oneHot = new float[Splits * Classes * 3 * Classes];
        for (var row = 0; row < oneHot.Length / Classes; row++)
        {
            oneHot[(row * Classes) + (row % Classes)] = 1;
        }

        var identical = Enumerable.Repeat(new[] { 0.1f, 0.6f, 0.3f }, 50).SelectMany(r => r).ToArray();

        var (uniformScore, uniformDeviation) = InceptionScore.Compute(oneHot, oneHot.Length / Classes, Classes, Splits);
        var (identicalScore, _) = InceptionScore.Compute(identical, 50, 3, Splits);

        uniformScore.Should().BeApproximately(Classes, 1e-9);
        uniformDeviation.Should().BeLessThan(1e-9);
        identicalScore.Should().BeApproximately(1, 1e-9);
    }

    [Fact]
    public void Identical_sets_have_precision_recall_and_coverage_one()
    {
        var values = Matrix(FeatureData.Gaussian(300, 4, 0, seed: 6), 4);

        var (precision, recall, density, coverage) = ManifoldMetrics.Compute(values, values, 3, 5);

        precision.Should().Be(1);
        recall.Should().Be(1);
        coverage.Should().Be(1);
        density.Should().BeApproximately(1, 0.2);
    }

    [Fact]
    public void A_collapsed_generator_has_high_precision_and_low_recall_and_a_distant_one_has_neither()
    {
        var real = Matrix(FeatureData.Gaussian(500, 2, 0, seed: 7), 2);
        // Mode collapse: every generated point near the centre of the real cloud.
        var collapsed = Matrix(FeatureData.Gaussian(500, [0.0, 0.0], [0.1, 0.1], seed: 8), 2);
        var distant = Matrix(FeatureData.Gaussian(500, 2, 20, seed: 9), 2);

        var (precision, recall, density, coverage) = ManifoldMetrics.Compute(real, collapsed, 3, 5);
        var far = ManifoldMetrics.Compute(real, distant, 3, 5);

        precision.Should().BeGreaterThan(0.95);
        recall.Should().BeLessThan(0.2);
        coverage.Should().BeLessThan(0.2);
        density.Should().BeGreaterThan(1);
        far.Should().Be((0.0, 0.0, 0.0, 0.0));
    }

    [Fact]
    public void Mode_statistics_count_hits_and_measure_KL_to_the_real_labels()
    {
        // Real: classes 0..3 equally; generated: only classes 0 and 1, 3:1.
        float[] OneHot(params int[] labels) => labels.SelectMany(l => Enumerable.Range(0, 4).Select(c => c == l ? 0.9f : 0.1f / 3)).ToArray();
        var real = OneHot([.. Enumerable.Range(0, 40).Select(i => i % 4)]);
        var generated = OneHot([.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 10)]);

        var modes = new ModeStatistics(ModeStatistics.Histogram(generated, 40, 4), ModeStatistics.Histogram(real, 40, 4), minimumCount: 1);

        modes.GeneratedHistogram.Should().Equal(30, 10, 0, 0);
        modes.RealHistogram.Should().Equal(10, 10, 10, 10);
        modes.ModesHit.Should().Be(2);
        modes.RealModes.Should().Be(4);
        modes.KlDivergence.Should().BeApproximately((0.75 * Math.Log(0.75 / 0.25)) + (0.25 * Math.Log(0.25 / 0.25)), 1e-12);
    }

    [Fact]
    public void KID_IS_and_PRDC_match_the_numpy_transcriptions_of_the_reference_tools()
    {
        // Written by eng/evaluation/metric_reference.py (prdc, torch-fidelity's KID, the original Inception Score).
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Evaluation", "metric_reference_cases.json")));
        var reference = json.RootElement;
        var dimension = reference.GetProperty("dimension").GetInt32();
        var real = Matrix(Floats(reference.GetProperty("real")), dimension);
        var generated = Matrix(Floats(reference.GetProperty("generated")), dimension);
        var classes = reference.GetProperty("classes").GetInt32();
        var probabilities = Floats(reference.GetProperty("probabilities"));

        var (precision, recall, density, coverage) = ManifoldMetrics.Compute(real, generated, 3, 5);
        var (kid, _, size) = KernelInceptionDistance.Compute(real, generated, 1, 1000, new Random(1));
        var (score, deviation) = InceptionScore.Compute(probabilities, probabilities.Length / classes, classes, 10);

        precision.Should().Be(reference.GetProperty("precision_k3").GetDouble());
        recall.Should().Be(reference.GetProperty("recall_k3").GetDouble());
        density.Should().BeApproximately(reference.GetProperty("density_k5").GetDouble(), 1e-12);
        coverage.Should().Be(reference.GetProperty("coverage_k5").GetDouble());
        size.Should().Be(real.Rows);
        var expectedKid = reference.GetProperty("kid_whole_sets").GetDouble();
        kid.Should().BeApproximately(expectedKid, 1e-9 * Math.Abs(expectedKid));
        var expectedScore = reference.GetProperty("inception_score_10_splits");
        score.Should().BeApproximately(expectedScore[0].GetDouble(), 1e-9);
        deviation.Should().BeApproximately(expectedScore[1].GetDouble(), 1e-9);
    }

    private static float[] Floats(JsonElement values) => values.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static FeatureMatrix Matrix(float[] values, int dimension)
    {
        var view = FeatureData.View(new MLContext(seed: 1), values, dimension);
        return FeatureMatrix.Read(view, view.Schema["Features"], default);
    }
}
