using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>FID: the closed form, agreement with pytorch-fid's reference, the offset path, warnings and bad input.</summary>
public sealed class FrechetDistanceTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Identical_sets_have_FID_zero()
    {
        var values = FeatureData.Gaussian(300, 16, 0.5, seed: 1);

        var result = _mlContext.Gan().ComputeFrechetDistance(FeatureData.View(_mlContext, values, 16), FeatureData.View(_mlContext, values, 16));

        Math.Abs(result.Value).Should().BeLessThanOrEqualTo(1e-6);
        result.RealCount.Should().Be(300);
        result.GeneratedCount.Should().Be(300);
        result.Dimension.Should().Be(16);
        result.DiagonalOffset.Should().Be(0);
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Gaussian_statistics_give_the_closed_form()
    {
        double[] mean1 = [0, 1, -2], mean2 = [0.5, 1, 0], sd1 = [1, 2, 0.5], sd2 = [3, 1, 0.5];
        var expected = Enumerable.Range(0, 3).Sum(i =>
            Math.Pow(mean1[i] - mean2[i], 2) + Math.Pow(sd1[i], 2) + Math.Pow(sd2[i], 2) - (2 * sd1[i] * sd2[i]));

        var exact = _mlContext.Gan().ComputeFrechetDistance(Statistics(mean1, sd1), Statistics(mean2, sd2));
        var sampled = _mlContext.Gan().ComputeFrechetDistance(
            FeatureData.View(_mlContext, FeatureData.Gaussian(40_000, mean1, sd1, seed: 2), 3),
            FeatureData.View(_mlContext, FeatureData.Gaussian(40_000, mean2, sd2, seed: 3), 3));

        exact.Value.Should().BeApproximately(expected, 1e-12 * expected);
        exact.MeanTerm.Should().BeApproximately(4.25, 1e-12);
        sampled.Value.Should().BeApproximately(expected, 0.02 * expected);
    }

    [Fact]
    public void Matches_the_pytorch_fid_reference_within_1e_6_relative()
    {
        // Written by eng/evaluation/fid_reference.py (scipy.linalg.sqrtm); see that script to regenerate.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Evaluation", "fid_reference_cases.json")));
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToArray();
        cases.Should().HaveCount(6);
        foreach (var reference in cases)
        {
            var dimension = reference.GetProperty("dimension").GetInt32();
            var real = FeatureData.View(_mlContext, Floats(reference.GetProperty("real")), dimension);
            var generated = FeatureData.View(_mlContext, Floats(reference.GetProperty("generated")), dimension);

            var result = _mlContext.Gan().ComputeFrechetDistance(real, generated);

            var expected = reference.GetProperty("fid").GetDouble();
            result.Value.Should().BeApproximately(expected, 1e-6 * Math.Abs(expected), reference.GetProperty("name").GetString());
            (result.DiagonalOffset > 0).Should().Be(reference.GetProperty("offset_used").GetBoolean(), reference.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void Large_dimensions_take_the_blocked_triangular_products_and_agree_with_a_direct_eigendecomposition()
    {
        // 520 features: above the size where the trace of the square root skips the zero blocks of the Cholesky factor.
        const int Dimension = 520;
        var real = _mlContext.Gan().ComputeFeatureStatistics(FeatureData.View(_mlContext, Correlated(1500, Dimension, 0, seed: 10), Dimension));
        var generated = _mlContext.Gan().ComputeFeatureStatistics(FeatureData.View(_mlContext, Correlated(1400, Dimension, 0.1, seed: 11), Dimension));

        var result = _mlContext.Gan().ComputeFrechetDistance(real, generated);

        // Independently: Tr √(Σ₁Σ₂) as Σ √eig(√Σ₁ Σ₂ √Σ₁) from full eigendecompositions in double.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var s1 = TorchSharp.torch.tensor(real.Covariance.ToArray(), [Dimension, Dimension]);
        var s2 = TorchSharp.torch.tensor(generated.Covariance.ToArray(), [Dimension, Dimension]);
        // One thread: libtorch's multi-threaded eigensolvers crawl on a busy 2-core machine.
        var threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        double traceRoot;
        try
        {
            var (values, vectors) = TorchSharp.torch.linalg.eigh(s1);
            var root = vectors.mul(values.relu().sqrt().unsqueeze(0)).mm(vectors.t());
            traceRoot = TorchSharp.torch.linalg.eigvalsh(root.mm(s2).mm(root)).data<double>().ToArray().Sum(v => Math.Sqrt(Math.Max(v, 0)));
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }

        var expected = result.MeanTerm + Enumerable.Range(0, Dimension).Sum(i => real.Covariance[(i * Dimension) + i] + generated.Covariance[(i * Dimension) + i]) - (2 * traceRoot);
        result.Value.Should().BeApproximately(expected, 1e-9 * expected);
        result.DiagonalOffset.Should().Be(0);
    }

    [Fact]
    public void Different_constant_features_take_the_offset_path_with_a_warning()
    {
        var real = FeatureData.Gaussian(200, 6, 0, seed: 4);
        var generated = FeatureData.Gaussian(200, 6, 0.3, seed: 5);
        for (var row = 0; row < 200; row++)
        {
            real[(row * 6) + 1] = 0;
            generated[(row * 6) + 4] = 2;
        }

        var result = _mlContext.Gan().ComputeFrechetDistance(FeatureData.View(_mlContext, real, 6), FeatureData.View(_mlContext, generated, 6));

        result.DiagonalOffset.Should().Be(1e-6);
        result.Value.Should().BeGreaterThan(0);
        result.Warnings.Should().ContainSingle(w => w.Contains("no square root"));
    }

    [Fact]
    public void Fewer_rows_than_features_warn_but_still_compute()
    {
        var result = _mlContext.Gan().ComputeFrechetDistance(
            FeatureData.View(_mlContext, FeatureData.Gaussian(10, 20, 0, seed: 6), 20),
            FeatureData.View(_mlContext, FeatureData.Gaussian(50, 20, 1, seed: 7), 20));

        result.DiagonalOffset.Should().Be(0);
        result.Warnings.Should().ContainSingle().Which.Should().StartWith("The real features have 10 vectors for 20 dimensions");
        double.IsFinite(result.Value).Should().BeTrue();
    }

    [Fact]
    public void Saved_reference_statistics_give_the_same_FID()
    {
        var real = FeatureData.View(_mlContext, FeatureData.Gaussian(100, 5, 0, seed: 8), 5);
        var generated = FeatureData.View(_mlContext, FeatureData.Gaussian(120, 5, 0.4, seed: 9), 5);
        var statistics = _mlContext.Gan().ComputeFeatureStatistics(real);
        using var stream = new MemoryStream();
        statistics.Save(stream);
        stream.Position = 0;

        var loaded = FeatureStatistics.Load(stream);

        loaded.Count.Should().Be(100);
        loaded.Source.Should().Be("column 'Features'");
        loaded.Mean.ToArray().Should().Equal(statistics.Mean.ToArray());
        loaded.Covariance.ToArray().Should().Equal(statistics.Covariance.ToArray());
        _mlContext.Gan().ComputeFrechetDistance(loaded, generated).Value
            .Should().Be(_mlContext.Gan().ComputeFrechetDistance(real, generated).Value);
    }

    [Fact]
    public void A_corrupted_statistics_file_is_rejected()
    {
        using var stream = new MemoryStream();
        _mlContext.Gan().ComputeFeatureStatistics(FeatureData.View(_mlContext, FeatureData.Gaussian(10, 3, 0, seed: 1), 3)).Save(stream);
        var bytes = stream.ToArray();
        bytes[bytes.Length / 2] ^= 0x10;

        var load = () => FeatureStatistics.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidDataException>().WithMessage("This is not a valid GanML feature statistics file: its checksum does not match*");
        FluentActions.Invoking(() => FeatureStatistics.Load(new MemoryStream(bytes[..30])))
            .Should().Throw<InvalidDataException>().WithMessage("*truncated*");
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_column_and_the_problem()
    {
        var good = FeatureData.View(_mlContext, FeatureData.Gaussian(10, 3, 0, seed: 1), 3);
        var values = FeatureData.Gaussian(10, 3, 0, seed: 2);
        values[7] = float.NaN;
        var withNaN = FeatureData.View(_mlContext, values, 3);
        var wider = FeatureData.View(_mlContext, FeatureData.Gaussian(10, 4, 0, seed: 1), 4);
        var empty = FeatureData.View(_mlContext, [], 3);

        FluentActions.Invoking(() => _mlContext.Gan().ComputeFrechetDistance(good, withNaN))
            .Should().Throw<InvalidOperationException>().WithMessage("Feature column 'Features' has a non-finite value (NaN) at row 2, slot 1. The generated data must be finite*");
        FluentActions.Invoking(() => _mlContext.Gan().ComputeFrechetDistance(good, wider))
            .Should().Throw<ArgumentException>().WithMessage("The real features have 3 dimensions and the generated ones 4*");
        FluentActions.Invoking(() => _mlContext.Gan().ComputeFrechetDistance(empty, good))
            .Should().Throw<InvalidOperationException>().WithMessage("The real data is empty*");
        FluentActions.Invoking(() => _mlContext.Gan().ComputeFrechetDistance(good, good, "Label"))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("Schema mismatch for feature column 'Label': expected known-size vector of Single, got UInt32*");
    }

    private static FeatureStatistics Statistics(double[] mean, double[] deviations)
    {
        var covariance = new double[mean.Length * mean.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            covariance[(i * mean.Length) + i] = deviations[i] * deviations[i];
        }

        return new FeatureStatistics(mean, covariance, 1000, "closed form");
    }

    /// <summary>Correlated features: each is a Gaussian plus half of its two neighbours', shifted.</summary>
    private static float[] Correlated(int rows, int dimension, double shift, int seed)
    {
        var noise = FeatureData.Gaussian(rows, dimension, 0, seed);
        var values = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < dimension; c++)
            {
                values[(r * dimension) + c] = (float)(noise[(r * dimension) + c] +
                    (0.5 * (noise[(r * dimension) + ((c + 1) % dimension)] + noise[(r * dimension) + ((c + 7) % dimension)])) + shift);
            }
        }

        return values;
    }

    private static float[] Floats(JsonElement values) => values.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
