using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.CycleGan;

/// <summary>CycleGAN through the estimator and transformer: learning, both input routes, persistence.</summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class CycleGanTrainingTests
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly CycleGanDigits _digits;

    public CycleGanTrainingTests()
    {
        _digits = new CycleGanDigits(_mlContext, perDomain: 64, heldOut: 24);
    }

    [Fact]
    public void Short_training_reduces_the_cycle_error_of_held_out_digits()
    {
        var a = CycleGanDigits.View(_mlContext, _digits.A);
        var b = CycleGanDigits.View(_mlContext, _digits.B);
        var options = CycleGanDigits.TinyOptions(epochs: 1);
        options.TranslatedToAColumnName = "TranslatedToA";
        using var early = _mlContext.Gan().CycleGan(options).Fit(a, b);
        options.Epochs = 5;
        using var trained = _mlContext.Gan().CycleGan(options).Fit(a, b);

        var earlyError = HeldOutCycleError(early);
        var trainedError = HeldOutCycleError(trained);

        trained.TrainingHistory.Should().HaveCount(5);
        trained.TrainingHistory[^1].CycleLoss.Should().BeLessThan(trained.TrainingHistory[0].CycleLoss * 0.8);
        trainedError.Should().BeLessThan(earlyError * 0.8, $"5 epochs should reconstruct A→B→A better than 1 (1 epoch: {earlyError:F4}, 5: {trainedError:F4})");
    }

    [Fact]
    public void Trains_from_one_view_with_a_domain_column_and_adds_both_translation_columns()
    {
        var rows = _digits.A.Select(p => new CycleGanDigits.DomainImage { Features = p, IsDomainB = false })
            .Concat(_digits.B.Select(p => new CycleGanDigits.DomainImage { Features = p, IsDomainB = true }));
        var data = _mlContext.Data.LoadFromEnumerable(rows);
        var options = CycleGanDigits.TinyOptions(epochs: 1);
        options.TranslatedToAColumnName = "TranslatedToA";
        var trainer = _mlContext.Gan().CycleGan(options);

        using var model = trainer.Fit(data);
        var output = model.Transform(CycleGanDigits.View(_mlContext, _digits.HeldOutA));

        model.GetOutputSchema(data.Schema).Select(c => c.Name).Should().EndWith(["TranslatedToB", "TranslatedToA"]);
        model.TrainingHistory.Single().Steps.Should().Be(64 / 8, "one epoch takes a batch of each domain per step");
        foreach (var name in new[] { "TranslatedToB", "TranslatedToA" })
        {
            var column = output.Schema[name];
            ((VectorDataViewType)column.Type).Dimensions.Should().Equal(1, 28, 28);
            GeneratedRows.Read(output, name).Should().HaveCount(24).And.OnlyContain(r => r.All(v => v >= -1e-5f && v <= 1 + 1e-5f));
        }
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_translations()
    {
        var options = CycleGanDigits.TinyOptions(epochs: 1);
        options.TranslatedToAColumnName = "BackToA";
        using var model = _mlContext.Gan().CycleGan(options)
            .Fit(CycleGanDigits.View(_mlContext, _digits.A), CycleGanDigits.View(_mlContext, _digits.B));
        var heldOut = CycleGanDigits.View(_mlContext, _digits.HeldOutA);
        var path = Path.Combine(Path.GetTempPath(), $"ganml-cyclegan-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, heldOut.Schema, path);
            var loader = new MLContext();
            loader.Gan();
            using var loaded = (CycleGanTransformer)loader.Model.Load(path, out var schema);

            schema.Select(c => c.Name).Should().Contain("Features");
            loaded.TranslatedToAColumnName.Should().Be("BackToA");
            loaded.TrainingHistory.Should().BeEquivalentTo(model.TrainingHistory);
            foreach (var name in new[] { "TranslatedToB", "BackToA" })
            {
                GeneratedRows.Read(loaded.Transform(heldOut), name)
                    .Should().BeEquivalentTo(GeneratedRows.Read(model.Transform(heldOut), name), o => o.WithStrictOrdering());
            }

            // Row to row: a PredictionEngine over the loaded model translates one image as Transform does.
            var engine = loader.Model.CreatePredictionEngine<CycleGanDigits.Image, Translation>(loaded);
            engine.Predict(new CycleGanDigits.Image { Features = _digits.HeldOutA[3] }).TranslatedToB
                .Should().Equal(GeneratedRows.Read(model.Transform(heldOut), "TranslatedToB")[3]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_translations()
    {
        var a = CycleGanDigits.View(_mlContext, _digits.A);
        var b = CycleGanDigits.View(_mlContext, _digits.B);
        using var first = _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(epochs: 1)).Fit(a, b);
        using var second = _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(epochs: 1)).Fit(a, b);
        var heldOut = CycleGanDigits.View(_mlContext, _digits.HeldOutA);

        GeneratedRows.Read(second.Transform(heldOut), "TranslatedToB")
            .Should().BeEquivalentTo(GeneratedRows.Read(first.Transform(heldOut), "TranslatedToB"), o => o.WithStrictOrdering());
    }

    private sealed class Translation
    {
        public float[] TranslatedToB { get; set; } = [];
    }

    // A→B with the model, then B→A of those translations: how far the round trip lands from the held-out digits.
    private double HeldOutCycleError(CycleGanTransformer model)
    {
        var translated = GeneratedRows.Read(model.Transform(CycleGanDigits.View(_mlContext, _digits.HeldOutA)), "TranslatedToB");
        var reconstructed = GeneratedRows.Read(model.Transform(CycleGanDigits.View(_mlContext, [.. translated])), "TranslatedToA");
        return CycleGanDigits.MeanAbsoluteError([.. reconstructed], _digits.HeldOutA);
    }
}
