using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// Each loss learns the 8-Gaussian ring within a few CPU seconds (100 epochs of 2,048 rows, batch 64; 3,200 discriminator
/// steps). The criteria were calibrated on seeds 1–3 and are documented in docs/TRAINING.md. They assert what each loss
/// really achieves in this budget: the classification-style losses place most samples on the modes (with some modes
/// favoured: this is the mode dropping the seeds describe); WGAN-GP with its defaults for MLPs (λ 0.1, 2 critic steps)
/// places fewer samples on the modes but reaches nearly all of them; weight clipping, whose critic needs many more
/// generator iterations, learns the ring's scale and extent but not yet its modes.
/// </summary>
public sealed class RingLearningTests
{
    private readonly ITestOutputHelper _output;

    public RingLearningTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<GanLoss, int> ModeSeekingLosses()
    {
        var data = new TheoryData<GanLoss, int>();
        foreach (var loss in new[] { GanLoss.Minimax, GanLoss.NonSaturating, GanLoss.LeastSquares, GanLoss.Hinge })
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                data.Add(loss, seed);
            }
        }

        return data;
    }


    [Theory]
    [MemberData(nameof(ModeSeekingLosses))]
    public void Classification_style_loss_puts_samples_on_the_modes(GanLoss loss, int seed)
    {
        var quality = TrainAndMeasure(loss, seed);

        // Hinge on seed 2 is the weakest run of this budget: 0.210 / 48% on-mode without the generator average, 0.304 /
        // 35% with it (docs/TRAINING.md); still far from weight clipping (0.67 / 5%) and an untrained generator.
        var (distance, onMode) = loss == GanLoss.Hinge ? (0.35, 0.3) : (0.25, 0.4);
        quality.MedianDistanceToNearestCentre.Should().BeLessThan(distance, quality.ToString());
        quality.OnModeFraction.Should().BeGreaterThan(onMode, quality.ToString());
        quality.ModesHit.Should().BeGreaterThanOrEqualTo(3, quality.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradient_penalty_critic_reaches_nearly_every_mode(int seed)
    {
        var quality = TrainAndMeasure(GanLoss.WassersteinGradientPenalty, seed);

        quality.MedianDistanceToNearestCentre.Should().BeLessThan(0.35, quality.ToString());
        quality.OnModeFraction.Should().BeGreaterThan(0.25, quality.ToString());
        quality.ModesHit.Should().BeGreaterThanOrEqualTo(6, quality.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Weight_clipping_critic_learns_the_ring_support(int seed)
    {
        var quality = TrainAndMeasure(GanLoss.Wasserstein, seed);

        quality.MedianRadialError.Should().BeLessThan(0.75, quality.ToString());
        quality.MedianDistanceToNearestCentre.Should().BeLessThan(0.85, quality.ToString());
    }

    [Fact]
    public void Untrained_generator_fails_every_criterion_by_a_wide_margin()
    {
        var options = RingOptions(GanLoss.NonSaturating, seed: 1);
        options.Epochs = 1;
        options.GeneratorLearningRate = 1e-12;
        options.DiscriminatorLearningRate = 1e-12;

        var quality = Measure(options, seed: 1);

        quality.MedianDistanceToNearestCentre.Should().BeGreaterThan(1.0, quality.ToString());
        quality.MedianRadialError.Should().BeGreaterThan(1.0, quality.ToString());
        quality.OnModeFraction.Should().BeLessThan(0.05, quality.ToString());
    }

    private RingQuality TrainAndMeasure(GanLoss loss, int seed) => Measure(RingOptions(loss, seed), seed);

    private RingQuality Measure(GanTrainer.Options options, int seed)
    {
        var mlContext = new MLContext(seed);
        using var model = mlContext.Gan().Trainer(options).Fit(RingMixture.Create(mlContext, rows: 2048, seed: seed + 100));
        var quality = RingMixture.Measure(GeneratedRows.Read(model.Generate(2000, seed: 123), "Features"));
        _output.WriteLine($"{options.Loss} seed {seed}: {quality}");
        return quality;
    }

    private static GanTrainer.Options RingOptions(GanLoss loss, int seed)
    {
        var options = RingMixture.TrainingOptions(loss, epochs: 100);
        options.Seed = seed;
        return options;
    }
}
