using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>The ImageNet ResNet18 extractor (Microsoft.ML.Gan.DnnImageFeaturizer.ResNet18) on a few bundled digits.</summary>
public sealed class ResNet18FeatureExtractorTests
{
    private static readonly ImageShape Digits = ImageShape.Grayscale(BundledMnist.ImageSize, BundledMnist.ImageSize, scaleImage: 1 / 255f);

    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void The_pipeline_gives_512_finite_features_that_differ_between_digits()
    {
        var digits = _mlContext.Data.TakeRows(BundledMnist.Load(), 6);
        var extractor = _mlContext.Gan().ResNet18FeatureExtractor(Digits);

        var featurizer = extractor.CreateFeaturizer("ResNet").Fit(digits);
        var rows = featurizer.Transform(digits).GetColumn<float[]>("ResNet").ToArray();
        (featurizer as IDisposable)?.Dispose();

        rows.Should().HaveCount(6).And.OnlyContain(row => row.Length == ResNet18FeatureExtractor.FeatureCount && row.All(float.IsFinite));
        rows[0].Zip(rows[1], (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(0.1f);
        extractor.Name.Should().Contain("ResNet18").And.Contain("not comparable with Inception v3 FID");
    }

    [Fact]
    public void FID_ResNet18_is_zero_for_the_same_digits_and_larger_for_noise_than_for_other_digits()
    {
        var all = BundledMnist.Load();
        var first = _mlContext.Data.TakeRows(all, 12);
        var second = _mlContext.Data.TakeRows(_mlContext.Data.SkipRows(all, 12), 12);
        var random = new Random(3);
        var noise = _mlContext.Data.LoadFromEnumerable(
            Enumerable.Range(0, 12).Select(_ => new Pixels { Features = [.. Enumerable.Range(0, BundledMnist.PixelCount).Select(_ => (float)random.NextDouble())] }));
        var extractor = _mlContext.Gan().ResNet18FeatureExtractor(Digits);

        var same = _mlContext.Gan().Evaluate(first, first, extractor).FrechetDistance!;
        var digits = _mlContext.Gan().Evaluate(first, second, extractor).FrechetDistance!;
        var noisy = _mlContext.Gan().Evaluate(first, noise, extractor).FrechetDistance!;

        digits.Dimension.Should().Be(ResNet18FeatureExtractor.FeatureCount);
        same.Value.Should().BeApproximately(0, 1e-3);
        digits.Value.Should().BeGreaterThan(same.Value);
        noisy.Value.Should().BeGreaterThan(2 * digits.Value);
    }

    [Fact]
    public void A_column_of_the_wrong_size_is_rejected_with_its_name()
    {
        var digits = _mlContext.Data.TakeRows(BundledMnist.Load(), 4);
        var extractor = _mlContext.Gan().ResNet18FeatureExtractor(ImageShape.Rgb(32, 32));

        var evaluate = () => _mlContext.Gan().Evaluate(digits, digits, extractor);

        evaluate.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Features'*not a vector of 3072 floats*");
    }

    private sealed class Pixels
    {
        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }
}
