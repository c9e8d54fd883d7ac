using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Generation;

/// <summary>The optional realism column: the trained discriminator's opinion of each input row.</summary>
public sealed class RealismScoreTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Real_rows_score_higher_than_rows_off_the_ring()
    {
        var options = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs: 30);
        options.RealismScoreColumnName = "RealismScore";
        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 2048, seed: 101));
        var real = RingMixture.Create(_mlContext, rows: 500, seed: 5);
        // Points at radius 0.5 (inside the ring, in the training range) that no mode produces.
        var off = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 500).Select(i => new RingPoint
        {
            Features = [(float)(0.5 * Math.Cos(i * 0.0126)), (float)(0.5 * Math.Sin(i * 0.0126))],
        }));

        var realScores = Scores(model.Transform(real));
        var offScores = Scores(model.Transform(off));

        realScores.Should().OnlyContain(s => float.IsFinite(s));
        realScores.Average().Should().BeGreaterThan(offScores.Average() + 1, $"real {realScores.Average():F2}, off-ring {offScores.Average():F2}");
    }

    [Fact]
    public void PredictionEngine_scores_one_row()
    {
        var options = TinyGan.Options();
        options.RealismScoreColumnName = "RealismScore";
        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 128, seed: 1));
        var engine = _mlContext.Model.CreatePredictionEngine<RingPoint, Scored>(model);

        var scored = engine.Predict(new RingPoint { Features = [2, 0] });

        float.IsFinite(scored.RealismScore).Should().BeTrue();
        scored.Generated.Should().HaveCount(2);
    }

    [Fact]
    public void Realism_column_needs_the_feature_column_in_the_input()
    {
        var options = TinyGan.Options();
        options.RealismScoreColumnName = "RealismScore";
        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 128, seed: 1));
        var input = _mlContext.Data.LoadFromEnumerable(new[] { new GenerationTests.IdRow { Id = 1 } });

        var transform = () => model.Transform(input);

        transform.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Could not find feature column 'Features'*");
    }

    private static float[] Scores(IDataView view) =>
        view.GetColumn<float>("RealismScore").ToArray();

    public sealed class Scored
    {
        public float RealismScore { get; set; }

        [VectorType(2)]
        public float[] Generated { get; set; } = [];
    }
}
