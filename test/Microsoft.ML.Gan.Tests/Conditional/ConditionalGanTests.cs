using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Conditional;

/// <summary>
/// Conditional GANs on the labelled 8-Gaussian ring: samples follow the label they were asked for, through every
/// generation route and after save/load; labels can be integers or keys made from strings.
/// </summary>
public sealed class ConditionalGanTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Theory]
    [InlineData(GanConditioning.Concatenation, 0.0)]
    [InlineData(GanConditioning.Projection, 0.0)]
    [InlineData(GanConditioning.Concatenation, 1.0)]
    public void Samples_generated_for_a_label_lie_at_that_labels_mode(GanConditioning conditioning, double mismatchWeight)
    {
        var options = LabelledOptions(epochs: 40);
        options.ConditionalDiscriminator = conditioning;
        options.MismatchedConditionWeight = mismatchWeight;
        using var model = _mlContext.Gan().Trainer(options).Fit(LabelledRing(_mlContext, 2048, seed: 101));

        var rows = _mlContext.Data.CreateEnumerable<LabelledPoint>(model.GeneratePerClass(200, seed: 5), reuseRowObject: false).ToList();

        rows.Should().HaveCount(8 * 200);
        rows.Select(r => r.Label).Should().Equal(Enumerable.Range(0, 8).SelectMany(label => Enumerable.Repeat(label, 200)));
        var agreement = rows.Count(r => NearestMode(r.Features) == r.Label) / (double)rows.Count;
        agreement.Should().BeGreaterThanOrEqualTo(0.9, "a sample asked for class k should lie nearest to mode k");
    }

    [Fact]
    public void Transform_and_PredictionEngine_generate_for_each_rows_own_label_and_survive_save_and_load()
    {
        using var model = _mlContext.Gan().Trainer(LabelledOptions(epochs: 40)).Fit(LabelledRing(_mlContext, 2048, seed: 101));
        var requests = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(i => new LabelOnly { Label = (i * 3) % 8 }));

        var generated = GeneratedRows.Read(model.Transform(requests), "Generated");
        var labels = requests.GetColumn<int>("Label").ToArray();
        generated.Zip(labels).Count(p => NearestMode(p.First) == p.Second).Should().BeGreaterThanOrEqualTo(360);

        var path = Path.Combine(Path.GetTempPath(), $"ganml-cgan-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, requests.Schema, path);
            var loader = new MLContext();
            loader.Gan();
            var loaded = loader.Model.Load(path, out _);
            GeneratedRows.Read(loaded.Transform(requests), "Generated").Should().BeEquivalentTo(generated, o => o.WithStrictOrdering());

            var engine = loader.Model.CreatePredictionEngine<LabelOnly, GeneratedPoint>(loaded);
            var predicted = engine.Predict(new LabelOnly { Label = 5 }).Generated;
            NearestMode(predicted).Should().Be(5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void String_labels_become_keys_upstream_and_Generate_cycles_through_the_classes()
    {
        var names = new[] { "east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east" };
        var data = _mlContext.Data.LoadFromEnumerable(GaussianMixture.Ring.Points(2048, seed: 7).Select(p => new NamedPoint
        {
            Direction = names[NearestMode(p)],
            Features = p,
        }));
        var options = LabelledOptions(epochs: 40);
        options.LabelColumnName = "DirectionKey";
        var pipeline = _mlContext.Transforms.Conversion.MapValueToKey("DirectionKey", "Direction", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(_mlContext.Gan().Trainer(options));

        var fitted = pipeline.Fit(data);
        using var model = fitted.LastTransformer;
        var synthetic = model.Generate(80, seed: 3);

        model.ClassCount.Should().Be(8);
        synthetic.Schema["DirectionKey"].Type.Should().BeOfType<KeyDataViewType>().Which.Count.Should().Be(8UL);
        var keys = synthetic.GetColumn<uint>("DirectionKey").ToArray();
        keys.Should().Equal(Enumerable.Range(0, 80).Select(i => (uint)(i % 8) + 1));

        // Keys are sorted by value: key k is the k-th direction in alphabetical order.
        var sorted = names.Order(StringComparer.Ordinal).ToArray();
        var points = GeneratedRows.Read(synthetic, "Features");
        points.Zip(keys).Count(p => names[NearestMode(p.First)] == sorted[p.Second - 1]).Should().BeGreaterThanOrEqualTo(72);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void With_balanced_classes_a_class_with_a_few_rows_is_generated_where_its_rows_are(int seed)
    {
        // Mode 7 keeps one row in 50 (about 10 of 4,096): at the data's rates G sees its label in one step of 300.
        var points = GaussianMixture.Ring.Points(4096, seed).Select(p => new LabelledPoint { Label = NearestMode(p), Features = p })
            .Where((p, i) => p.Label != 7 || i % 50 == 0).ToList();
        var data = _mlContext.Data.LoadFromEnumerable(points);
        var options = LabelledOptions(epochs: 10);
        options.Seed = seed;
        options.BalanceClasses = true;

        using var model = new MLContext(seed).Gan().Trainer(options).Fit(data);

        points.Count(p => p.Label == 7).Should().BeInRange(5, 20);
        var rows = GeneratedRows.Read(model.GeneratePerClass(200, seed: 1), "Features").Skip(7 * 200).ToList();
        var (x, y) = GaussianMixture.Ring.Centres[7];
        var onMode = rows.Count(r => Math.Sqrt(((r[0] - x) * (r[0] - x)) + ((r[1] - y) * (r[1] - y))) < 0.25) / (double)rows.Count;
        // Measured 100% on seeds 1-3; the same runs at the data's rates put 58.5%, 97.5% and 0% there.
        onMode.Should().BeGreaterThanOrEqualTo(0.9, "class 7's samples should lie at mode 7");
    }

    [Fact]
    public void Bad_conditioning_is_explained()
    {
        var ring = LabelledRing(_mlContext, 256, seed: 1);

        var unlabelled = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs: 1);
        unlabelled.BalanceClasses = true;
        ((Action)(() => _mlContext.Gan().Trainer(unlabelled))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("GanTrainer.Options.BalanceClasses*set LabelColumnName too.*");

        var both = LabelledOptions(epochs: 1);
        both.ConditionColumnName = "Features";
        ((Action)(() => _mlContext.Gan().Trainer(both))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("GanTrainer.Options.ConditionColumnName and LabelColumnName cannot both be set*");

        var projectedDcgan = LabelledOptions(epochs: 1);
        projectedDcgan.Network = GanNetwork.Dcgan;
        projectedDcgan.ConditionalDiscriminator = GanConditioning.Projection;
        ((Action)(() => _mlContext.Gan().Trainer(projectedDcgan))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*ConditionalDiscriminator must be Concatenation with the DCGAN networks*");

        var floatLabel = LabelledOptions(epochs: 1);
        floatLabel.LabelColumnName = "Features";
        ((Action)(() => _mlContext.Gan().Trainer(floatLabel).Fit(ring))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*label column 'Features': expected key, Int32, Int64 or UInt32 (map strings to keys upstream with MapValueToKey)*");

        var negative = _mlContext.Data.LoadFromEnumerable(new[] { new LabelledPoint { Label = -1, Features = [0, 0] }, new LabelledPoint { Label = 0, Features = [1, 1] } });
        var tiny = LabelledOptions(epochs: 1);
        tiny.BatchSize = 2;
        ((Action)(() => _mlContext.Gan().Trainer(tiny).Fit(negative))).Should().Throw<InvalidOperationException>()
            .WithMessage("Label column 'Label' has class -1 at row 0, but classes must be 0 or more.");

        using var model = _mlContext.Gan().Trainer(LabelledOptions(epochs: 1)).Fit(ring);
        var unseen = _mlContext.Data.LoadFromEnumerable(new[] { new LabelOnly { Label = 9 } });
        ((Action)(() => GeneratedRows.Read(model.Transform(unseen), "Generated"))).Should().Throw<InvalidOperationException>()
            .WithMessage("Label column 'Label' has class 9 at row 0, outside the model's 8 classes.");
        ((Action)(() => model.Transform(_mlContext.Data.LoadFromEnumerable(new[] { new Vector2Row { Features = [0, 0] } })))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Could not find label column 'Label'*");
    }

    internal static GanTrainer.Options LabelledOptions(int epochs)
    {
        var options = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs);
        options.LabelColumnName = "Label";
        return options;
    }

    internal static IDataView LabelledRing(MLContext mlContext, int rows, int seed) =>
        mlContext.Data.LoadFromEnumerable(GaussianMixture.Ring.Points(rows, seed).Select(p => new LabelledPoint { Label = NearestMode(p), Features = p }));

    internal static int NearestMode(float[] point) =>
        Enumerable.Range(0, 8).MinBy(mode =>
        {
            var (x, y) = GaussianMixture.Ring.Centres[mode];
            return ((point[0] - x) * (point[0] - x)) + ((point[1] - y) * (point[1] - y));
        });

    private sealed class LabelledPoint
    {
        public int Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class NamedPoint
    {
        public string Direction { get; set; } = string.Empty;

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class LabelOnly
    {
        public int Label { get; set; }
    }

    private sealed class GeneratedPoint
    {
        [VectorType(2)]
        public float[] Generated { get; set; } = [];
    }
}
