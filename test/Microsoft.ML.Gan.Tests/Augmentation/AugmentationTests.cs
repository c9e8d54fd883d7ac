using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.Conditional;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Augmentation;

/// <summary>
/// GAN augmentation on an imbalanced labelled ring: the promised counts per class, the real schema, synthetic rows of
/// the right class, and a wrapped ML.NET trainer whose model scores, saves and loads as if no augmentation had happened.
/// </summary>
public sealed class AugmentationTests
{
    private static readonly int[] RowsPerClass = [200, 200, 200, 200, 200, 200, 20, 20];
    private readonly MLContext _mlContext = new(seed: 3);

    [Fact]
    public void Balancing_tops_every_class_up_to_the_largest_with_rows_of_that_class()
    {
        var data = ImbalancedRing();

        var augmented = _mlContext.Gan().AugmentData(data, Options(AugmentationPolicy.BalanceToLargest, indicator: "IsSynthetic"));

        augmented.Schema.Select(c => c.Name).Should().Equal("Label", "Features", "IsSynthetic");
        augmented.Schema["Label"].Type.Should().Be(data.Schema["Label"].Type);
        augmented.Schema["Features"].Type.Should().Be(data.Schema["Features"].Type);
        var rows = _mlContext.Data.CreateEnumerable<AugmentedPoint>(augmented, reuseRowObject: false).ToList();
        rows.GroupBy(r => r.Label).Select(g => g.Count()).Should().AllBeEquivalentTo(200);
        var synthetic = rows.Where(r => r.IsSynthetic).ToList();
        synthetic.Should().HaveCount(360).And.OnlyContain(r => r.Label == 7 || r.Label == 8, "only the small classes (keys 7 and 8) need rows");
        synthetic.Count(r => ConditionalGanTests.NearestMode(r.Features) == r.Label - 1).Should().BeGreaterThanOrEqualTo(324, "synthetic rows follow their class");
    }

    [Fact]
    public void A_ratio_adds_that_share_of_each_class_and_the_real_rows_are_kept_unchanged()
    {
        var data = ImbalancedRing();

        var augmented = _mlContext.Gan().AugmentData(data, Options(AugmentationPolicy.RatioPerClass, indicator: "IsSynthetic", ratio: 0.25));

        var rows = _mlContext.Data.CreateEnumerable<AugmentedPoint>(augmented, reuseRowObject: false).ToList();
        rows.Where(r => r.IsSynthetic).GroupBy(r => r.Label).OrderBy(g => g.Key).Select(g => g.Count())
            .Should().Equal(50, 50, 50, 50, 50, 50, 5, 5);
        var real = _mlContext.Data.CreateEnumerable<RealPoint>(data, reuseRowObject: false).Select(r => (r.Label, r.Features[0], r.Features[1]));
        rows.Where(r => !r.IsSynthetic).Select(r => (r.Label, r.Features[0], r.Features[1])).Should().BeEquivalentTo(real);
    }

    [Fact]
    public void A_wrapped_trainer_fits_on_augmented_data_and_its_model_scores_saves_and_loads_like_the_trainers_own()
    {
        var data = ImbalancedRing();
        var test = Labelled(GaussianMixture.Ring.Points(160, seed: 77).ToArray());
        var estimator = _mlContext.Gan().Augment(_mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), Options(AugmentationPolicy.BalanceToLargest));

        var model = estimator.Fit(data);
        var scored = model.Transform(test);

        model.Should().BeOfType<MulticlassPredictionTransformer<Trainers.MaximumEntropyModelParameters>>("the result is the wrapped trainer's own transformer");
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        predicted.Should().HaveCount(160, "scoring data is never augmented");
        predicted.Zip(test.GetColumn<uint>("Label")).Count(p => p.First == p.Second).Should().BeGreaterThan(140);

        var path = Path.Combine(Path.GetTempPath(), $"ganml-augmented-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, data.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            loaded.Transform(test).GetColumn<uint>("PredictedLabel").Should().Equal(predicted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_input_is_explained()
    {
        var data = ImbalancedRing();
        var noLabel = _mlContext.Data.LoadFromEnumerable(GaussianMixture.Ring.Points(10, seed: 1).Select(p => new Vector2Row { Features = p }));
        ((Action)(() => _mlContext.Gan().AugmentData(noLabel))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("Could not find label column 'Label'*");

        var negative = Options(AugmentationPolicy.RatioPerClass);
        negative.Ratio = -1;
        ((Action)(() => _mlContext.Gan().AugmentData(data, negative))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Ratio must be finite and at least 0*");

        using var unconditional = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)).Fit(data);
        var reuse = Options(AugmentationPolicy.BalanceToLargest);
        reuse.TrainedGan = unconditional;
        ((Action)(() => _mlContext.Gan().AugmentData(data, reuse))).Should().Throw<ArgumentException>()
            .WithMessage("The GAN must be conditioned on label column 'Label' with at least 8 classes*conditioned on 'nothing'*");
    }

    private static GanAugmentationOptions Options(AugmentationPolicy policy, string? indicator = null, double ratio = 1)
    {
        var gan = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs: 60);
        return new GanAugmentationOptions { Policy = policy, Ratio = ratio, Gan = gan, SyntheticIndicatorColumnName = indicator, Seed = 5 };
    }

    // Keys 1..8 for the ring's modes, with the last two classes cut to a tenth.
    private IDataView ImbalancedRing()
    {
        var points = GaussianMixture.Ring.Points(4000, seed: 21).GroupBy(ConditionalGanTests.NearestMode)
            .SelectMany(g => g.Take(RowsPerClass[g.Key])).ToArray();
        return Labelled(points);
    }

    private IDataView Labelled(float[][] points)
    {
        var rows = _mlContext.Data.LoadFromEnumerable(points.Select(p => new ModePoint { Mode = ConditionalGanTests.NearestMode(p), Features = p }));
        return _mlContext.Transforms.Conversion.MapValueToKey("Label", "Mode", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(rows).Transform(rows);
    }

    private sealed class ModePoint
    {
        public int Mode { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class RealPoint
    {
        [KeyType(8)]
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class AugmentedPoint
    {
        [KeyType(8)]
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool IsSynthetic { get; set; }
    }
}
