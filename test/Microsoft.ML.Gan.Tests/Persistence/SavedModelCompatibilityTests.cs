using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Persistence;

/// <summary>Model zips written by earlier versions load and behave as they did when they were saved.</summary>
public sealed class SavedModelCompatibilityTests
{
    // Written by the version before packed discriminators shared their first layer (commit 6557575): a tiny GAN with
    // PackSize 2 and a realism column, trained on RingMixture.Create(rows: 256, seed: 3) with TinyGan.Options(2) and seed 4.
    private static readonly string PackedConcatenated = Path.Combine(System.AppContext.BaseDirectory, "Persistence", "Fixtures", "packed-concatenated.zip");

    // What that version printed: Generate(3, seed: 2), and the realism scores of RingMixture.Create(rows: 4, seed: 9).
    private static readonly float[] GeneratedThen = [0.1404449f, -0.29020208f, 0.34354046f, 0.12730032f, 0.4351857f, 0.17912675f];
    private static readonly float[] ScoresThen = [0.015265673f, 0.024198797f, 0.21221003f, -0.057560943f];

    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void A_packed_model_saved_before_the_shared_first_layer_generates_and_scores_as_it_did()
    {
        using var model = (GanTransformer)_mlContext.Model.LoadGan(PackedConcatenated, out _);

        model.Model.Settings.SharedPackLayer.Should().BeFalse();
        GeneratedRows.Read(model.Generate(3, seed: 2), "Features").SelectMany(r => r).Should().Equal(GeneratedThen);
        var scores = _mlContext.Data.CreateEnumerable<Scored>(model.Transform(RingMixture.Create(_mlContext, rows: 4, seed: 9)), reuseRowObject: false);
        scores.Select(s => s.RealismScore).Should().Equal(ScoresThen);
    }

    [Fact]
    public void A_packed_model_saved_before_the_shared_first_layer_keeps_training_in_its_own_layout()
    {
        using var saved = (GanTransformer)_mlContext.Model.LoadGan(PackedConcatenated, out _);
        var options = TinyGan.Options(epochs: 3);
        options.PackSize = 2;
        options.RealismScoreColumnName = "RealismScore";

        using var continued = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 256, seed: 3), saved);

        continued.TrainingHistory.Should().HaveCount(3);
        continued.Model.Settings.SharedPackLayer.Should().BeFalse();
        GeneratedRows.Read(continued.Generate(3, seed: 2), "Features").SelectMany(r => r).Should().NotEqual(GeneratedThen);
    }

    private sealed class Scored
    {
        public float RealismScore { get; set; }
    }
}
