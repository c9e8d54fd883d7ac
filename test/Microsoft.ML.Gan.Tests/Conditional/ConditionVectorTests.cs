using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Conditional;

/// <summary>A GAN conditioned on a float vector column (as FeaturizeText would produce), and every loss conditioned on labels.</summary>
public sealed class ConditionVectorTests
{
    private readonly MLContext _mlContext = new(seed: 2);

    [Fact]
    public void Rows_are_generated_for_each_input_rows_condition_vector()
    {
        var options = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs: 40);
        options.ConditionColumnName = "Direction";
        options.MismatchedConditionWeight = 0.5;
        var data = _mlContext.Data.LoadFromEnumerable(GaussianMixture.Ring.Points(2048, seed: 11)
            .Select(p => new DirectedPoint { Direction = Direction(ConditionalGanTests.NearestMode(p)), Features = p }));
        using var model = _mlContext.Gan().Trainer(options).Fit(data);

        var requests = Enumerable.Range(0, 400).Select(i => i % 8).ToArray();
        var generated = GeneratedRows.Read(model.Transform(_mlContext.Data.LoadFromEnumerable(requests.Select(m => new DirectionOnly { Direction = Direction(m) }))), "Generated");

        model.ConditionColumnName.Should().Be("Direction");
        model.ClassCount.Should().BeNull();
        generated.Zip(requests).Count(p => ConditionalGanTests.NearestMode(p.First) == p.Second).Should().BeGreaterThanOrEqualTo(360);
        ((Action)(() => model.Generate(10, seed: 1))).Should().Throw<InvalidOperationException>().WithMessage("*call Transform on rows that hold the conditions*");
        ((Action)(() => model.Generate(10, seed: 1, new GanGenerationOptions { TruncationThreshold = 1 }))).Should().Throw<InvalidOperationException>()
            .WithMessage("GanGenerationOptions apply to unconditional and label-conditional models; this one is conditioned on a vector.");
    }

    [Theory]
    [InlineData(GanLoss.Minimax)]
    [InlineData(GanLoss.LeastSquares)]
    [InlineData(GanLoss.Hinge)]
    [InlineData(GanLoss.Wasserstein)]
    [InlineData(GanLoss.WassersteinGradientPenalty)]
    public void Every_loss_trains_a_label_conditional_GAN_with_the_mismatch_term(GanLoss loss)
    {
        var options = RingMixture.TrainingOptions(loss, epochs: 2);
        options.LabelColumnName = "Label";
        options.MismatchedConditionWeight = 1;
        // 10 batches an epoch: even with 5 critic steps per generator step, each epoch has generator steps.
        var data = _mlContext.Data.LoadFromEnumerable(GaussianMixture.Ring.Points(640, seed: 3)
            .Select(p => new LabelledPoint { Label = (uint)ConditionalGanTests.NearestMode(p), Features = p }));

        using var model = _mlContext.Gan().Trainer(options).Fit(data);

        model.TrainingHistory.Should().HaveCount(2).And.OnlyContain(e => double.IsFinite(e.DiscriminatorLoss) && double.IsFinite(e.GeneratorLoss));
        var rows = GeneratedRows.Read(model.GeneratePerClass(3, seed: 1), "Features");
        rows.Should().HaveCount(24).And.OnlyContain(r => r.All(float.IsFinite));
    }

    private static float[] Direction(int mode)
    {
        var (x, y) = GaussianMixture.Ring.Centres[mode];
        return [(float)(x / 2), (float)(y / 2)];
    }

    private sealed class DirectedPoint
    {
        [VectorType(2)]
        public float[] Direction { get; set; } = [];

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class DirectionOnly
    {
        [VectorType(2)]
        public float[] Direction { get; set; } = [];
    }

    private sealed class LabelledPoint
    {
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
