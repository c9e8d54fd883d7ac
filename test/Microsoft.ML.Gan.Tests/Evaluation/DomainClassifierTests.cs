using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>The built-in classifier extractor: it trains, classifies, feeds every metric, and persists exactly.</summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class DomainClassifierTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void The_MLP_classifier_learns_clusters_and_round_trips_bit_for_bit()
    {
        var data = Clusters(300, seed: 1);
        using var classifier = _mlContext.Gan().TrainDomainClassifier(data, new GanDomainClassifier.Options { Epochs = 5, FeatureDimension = 16, HiddenSize = 32, Seed = 2 });
        using var stream = new MemoryStream();
        classifier.Save(stream);
        stream.Position = 0;
        using var loaded = GanDomainClassifier.Load(stream);

        classifier.TrainingAccuracy.Should().BeGreaterThan(0.95);
        classifier.TrainingLoss.Should().HaveCount(5).And.Subject.Last().Should().BeLessThan(classifier.TrainingLoss[0]);
        (classifier.Classes, classifier.FeatureDimension).Should().Be((3, 16));
        var original = classifier.Extract(data, "real data", "data");
        var reloaded = loaded.Extract(data, "real data", "data");
        reloaded.Features.Span.ToArray().Should().Equal(original.Features.Span.ToArray());
        reloaded.Probabilities!.Span.ToArray().Should().Equal(original.Probabilities!.Span.ToArray());
        loaded.Name.Should().Be(classifier.Name).And.Be("domain classifier (MLP on 4 inputs, 3 classes, 16 features)");
        loaded.TrainingLoss.Should().Equal(classifier.TrainingLoss);
    }

    [Fact]
    public void The_classifier_is_a_transformer_that_saves_and_loads_through_mlContext_Model()
    {
        var data = Clusters(90, seed: 6);
        using var classifier = _mlContext.Gan().TrainDomainClassifier(data, new GanDomainClassifier.Options { Epochs = 3, FeatureDimension = 8, HiddenSize = 16, Seed = 7 });
        var extracted = classifier.Extract(data, "real data", "data");
        var transformed = classifier.Transform(data);
        var path = Path.Combine(Path.GetTempPath(), $"ganml-classifier-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(classifier, data.Schema, path);
            var loader = new MLContext();
            loader.Gan();
            using var loaded = (GanDomainClassifier)loader.Model.Load(path, out var schema);

            schema["Features"].Type.Should().Be(data.Schema["Features"].Type);
            loaded.Name.Should().Be(classifier.Name);
            var output = transformed.Schema;
            output["ClassifierFeatures"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 8));
            output["Score"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 3));
            // Row by row, Transform gives what the batched extraction gives to metrics.
            var features = Column(transformed, "ClassifierFeatures");
            var scores = Column(transformed, "Score");
            features.SelectMany(r => r).Should().Equal(extracted.Features.Span.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-5f);
            scores.SelectMany(r => r).Should().Equal(extracted.Probabilities!.Span.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-6f);
            (scores.Where((r, i) => Array.IndexOf(r, r.Max()) == i % 3).Count() / 90.0).Should().Be(classifier.TrainingAccuracy);
            // The loaded model transforms, predicts and extracts exactly as the one that was saved.
            Column(loaded.Transform(data), "Score").Should().BeEquivalentTo(scores, o => o.WithStrictOrdering());
            Column(loaded.Transform(data), "ClassifierFeatures").Should().BeEquivalentTo(features, o => o.WithStrictOrdering());
            loaded.Extract(data, "real data", "data").Features.Span.ToArray().Should().Equal(extracted.Features.Span.ToArray());
            var engine = loader.Model.CreatePredictionEngine<FeatureData.Row, Prediction>(loaded, inputSchemaDefinition: FourSlots());
            var score = engine.Predict(new FeatureData.Row { Features = [0, 0, 5, 0] }).Score;
            score.Should().HaveCount(3);
            Array.IndexOf(score, score.Max()).Should().Be(2, "the row sits in the third cluster");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_classifier_transformer_explains_a_wrong_input_and_rejects_clashing_output_names()
    {
        using var classifier = _mlContext.Gan().TrainDomainClassifier(Clusters(30, seed: 8), new GanDomainClassifier.Options { Epochs = 1, HiddenSize = 4, FeatureDimension = 4 });
        var fiveSlots = FeatureData.View(_mlContext, new float[10], 5);
        var noFeatures = _mlContext.Data.LoadFromEnumerable(new[] { new Prediction { Score = [1f] } });

        var wrongSize = () => classifier.GetOutputSchema(fiveSlots.Schema);
        var missing = () => classifier.Transform(noFeatures);
        var clash = () => _mlContext.Gan().TrainDomainClassifier(Clusters(30, seed: 8), new GanDomainClassifier.Options { ScoreColumnName = "ClassifierFeatures" });

        wrongSize.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Features'*4 Single slots*");
        missing.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Features'*");
        clash.Should().Throw<ArgumentException>().WithMessage("*two different, non-empty names*");
    }

    [Fact]
    public void A_corrupted_classifier_file_is_rejected()
    {
        using var classifier = _mlContext.Gan().TrainDomainClassifier(Clusters(30, seed: 3), new GanDomainClassifier.Options { Epochs = 1, HiddenSize = 4, FeatureDimension = 4 });
        using var stream = new MemoryStream();
        classifier.Save(stream);
        var bytes = stream.ToArray();
        bytes[^20] ^= 1;

        var load = () => GanDomainClassifier.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidDataException>().WithMessage("This is not a valid GanML domain classifier: its checksum does not match*");
    }

    [Fact]
    public void The_CNN_classifier_on_MNIST_feeds_every_metric_and_sees_a_collapsed_generator()
    {
        // The bundled digits are sorted by label: shuffle before taking a subset.
        var digits = _mlContext.Data.TakeRows(_mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 5, shufflePoolSize: 10_000), 1200);
        var real = _mlContext.Data.TakeRows(digits, 1000);
        var held = _mlContext.Data.SkipRows(digits, 1000);
        // A "generator" that only produces zeros and ones: mode collapse and mode dropping.
        var collapsed = _mlContext.Data.FilterByCustomPredicate<LabelRow>(held, row => row.Label > 2);
        using var classifier = _mlContext.Gan().TrainDomainClassifier(real, new GanDomainClassifier.Options { ImageSize = 28, Epochs = 3, Seed = 4 });
        // A few misclassified digits should not count as modes: a class needs 3 samples.
        var options = new GanEvaluator.Options { KidSubsets = 10, KidSubsetSize = 100, ModeMinimumCount = 3 };

        var healthy = _mlContext.Gan().Evaluate(real, held, classifier, options);
        var broken = _mlContext.Gan().Evaluate(real, collapsed, classifier, options);

        classifier.TrainingAccuracy.Should().BeGreaterThan(0.8);
        healthy.Extractor.Should().StartWith("domain classifier (CNN on 1×28×28 images, 10 classes, 128 features)");
        healthy.Modes!.ModesHit.Should().Be(10);
        broken.Modes!.ModesHit.Should().Be(2, broken.ToString());
        (broken.Modes.GeneratedHistogram[0] + broken.Modes.GeneratedHistogram[1]).Should().BeGreaterThan(broken.GeneratedCount * 8 / 10);
        broken.Modes.KlDivergence.Should().BeGreaterThan(healthy.Modes.KlDivergence + 0.5);
        // Two classes cap the score at 2; ten classes in splits of 20 rows score higher.
        broken.InceptionScore.Should().BeLessThan(2.0).And.BeLessThan(healthy.InceptionScore!.Value - 1);
        broken.FrechetDistance!.Value.Should().BeGreaterThan(healthy.FrechetDistance!.Value);
        broken.KernelInceptionDistance.Should().BeGreaterThan(healthy.KernelInceptionDistance!.Value);
        broken.Recall.Should().BeLessThan(healthy.Recall!.Value);
    }

    private IDataView Clusters(int rows, int seed)
    {
        var labels = Enumerable.Range(0, rows).Select(i => (uint)(i % 3)).ToArray();
        var values = FeatureData.Gaussian(rows, 4, 0, seed);
        for (var i = 0; i < rows; i++)
        {
            values[(i * 4) + (int)labels[i]] += 4;
        }

        var view = FeatureData.View(_mlContext, values, 4, labels);
        return _mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(view).Transform(view);
    }

    private static float[][] Column(IDataView view, string name) =>
        view.GetColumn<float[]>(name).Select(row => row.ToArray()).ToArray();

    private static SchemaDefinition FourSlots()
    {
        var schema = SchemaDefinition.Create(typeof(FeatureData.Row));
        schema[nameof(FeatureData.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 4);
        return schema;
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class LabelRow
    {
        public uint Label { get; set; }
    }
}
