using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// The options left unset resolve per loss and network as their documentation says, and the resolved values are what
/// the model records (and saves). WGAN-GP and minimax with MLPs have their own defaults, measured on the 2-D mixtures
/// (docs/TRAINING.md); DCGAN networks keep the shared (and for WGAN-GP the paper's image) setting; a value the user sets
/// always wins.
/// </summary>
public sealed class LossDefaultsTests
{
    [Fact]
    public void Wgan_gp_with_mlps_defaults_to_its_toy_data_setting()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty });

        settings.GeneratorLearningRate.Should().Be(5e-4);
        settings.DiscriminatorLearningRate.Should().Be(5e-4);
        settings.Beta2.Should().Be(0.9);
        settings.GradientPenaltyWeight.Should().Be(0.1);
        settings.CriticSteps.Should().Be(2);
        settings.GeneratorAverageDecay.Should().Be(0.999, "100,000 rows for 200 epochs are far more than 10,000 generator steps");
    }

    [Fact]
    public void Minimax_with_mlps_defaults_to_the_higher_rate_with_averaging()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.Minimax });

        settings.GeneratorLearningRate.Should().Be(5e-4);
        settings.DiscriminatorLearningRate.Should().Be(5e-4);
        settings.Beta2.Should().Be(0.999);
        settings.CriticSteps.Should().Be(1);
        settings.GeneratorAverageDecay.Should().Be(0.999);
        Resolve(new GanTrainer.Options { Loss = GanLoss.Minimax, Epochs = 8 }, rows: 20_000)
            .GeneratorAverageDecay.Should().BeApproximately(0.996, 1e-4, "2,496 generator steps: a horizon of 249.6");
    }

    [Fact]
    public void Minimax_with_dcgan_networks_keeps_the_shared_setting()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.Minimax, Network = GanNetwork.Dcgan }, image: (28, 1));

        settings.GeneratorLearningRate.Should().Be(2e-4);
        settings.DiscriminatorLearningRate.Should().Be(2e-4);
        settings.GeneratorAverageDecay.Should().BeNull();
    }

    [Theory]
    [InlineData(20_000, 8, 0.992)]      // 312 batches × 8 epochs / 2 critic steps = 1,248 generator steps: horizon 124.8
    [InlineData(100_000, 20, 0.999)]    // 15,620 generator steps: the full horizon of 1,000
    [InlineData(640, 1, null)]          // 5 generator steps: too few to average
    public void Wgan_gp_averages_the_last_tenth_of_a_run_at_most_1000_steps(int rows, int epochs, double? decay)
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty, Epochs = epochs }, rows: rows);

        if (decay is null)
        {
            settings.GeneratorAverageDecay.Should().BeNull();
        }
        else
        {
            settings.GeneratorAverageDecay.Should().BeApproximately(decay.Value, 1e-4);
        }
    }

    [Fact]
    public void Averaging_is_off_for_other_losses_and_when_set_to_zero()
    {
        Resolve(new GanTrainer.Options()).GeneratorAverageDecay.Should().BeNull();
        Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty, GeneratorAverageDecay = 0 }).GeneratorAverageDecay.Should().BeNull();
        Resolve(new GanTrainer.Options { GeneratorAverageDecay = 0.99 }).GeneratorAverageDecay.Should().Be(0.99);
    }

    [Fact]
    public void Wgan_gp_with_dcgan_networks_keeps_the_image_setting()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty, Network = GanNetwork.Dcgan, DiscriminatorBatchNorm = false }, image: (28, 1));

        settings.GeneratorLearningRate.Should().Be(2e-4);
        settings.DiscriminatorLearningRate.Should().Be(2e-4);
        settings.Beta2.Should().Be(0.999);
        settings.GradientPenaltyWeight.Should().Be(10);
        settings.CriticSteps.Should().Be(5);
        settings.GeneratorAverageDecay.Should().BeNull();
    }

    [Theory]
    [InlineData(GanLoss.NonSaturating, 1)]
    [InlineData(GanLoss.LeastSquares, 1)]
    [InlineData(GanLoss.Hinge, 1)]
    [InlineData(GanLoss.Wasserstein, 5)]
    public void Other_losses_share_the_adam_defaults(GanLoss loss, int criticSteps)
    {
        var settings = Resolve(new GanTrainer.Options { Loss = loss });

        settings.GeneratorLearningRate.Should().Be(2e-4);
        settings.DiscriminatorLearningRate.Should().Be(2e-4);
        settings.Beta2.Should().Be(0.999);
        settings.CriticSteps.Should().Be(criticSteps);
        settings.GeneratorAverageDecay.Should().BeNull();
    }

    [Fact]
    public void A_packed_mlp_discriminator_learns_faster_even_for_wgan_gp()
    {
        Resolve(new GanTrainer.Options { PackSize = 4 }).DiscriminatorLearningRate.Should().Be(1e-3);
        var gradientPenalty = Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty, PackSize = 2 });
        gradientPenalty.DiscriminatorLearningRate.Should().Be(1e-3);
        gradientPenalty.GeneratorLearningRate.Should().Be(5e-4);
    }

    [Fact]
    public void Values_the_user_sets_win_over_the_loss_defaults()
    {
        var settings = Resolve(new GanTrainer.Options
        {
            Loss = GanLoss.WassersteinGradientPenalty,
            GeneratorLearningRate = 1e-4,
            DiscriminatorLearningRate = 3e-4,
            Beta2 = 0.99,
            GradientPenaltyWeight = 10,
            CriticSteps = 5,
        });

        settings.GeneratorLearningRate.Should().Be(1e-4);
        settings.DiscriminatorLearningRate.Should().Be(3e-4);
        settings.Beta2.Should().Be(0.99);
        settings.GradientPenaltyWeight.Should().Be(10);
        settings.CriticSteps.Should().Be(5);
    }

    private static GanSettings Resolve(GanTrainer.Options options, (int Size, int Channels)? image = null, int rows = 100_000) =>
        GanSettings.From(options, rows, featureDimension: image is { } shape ? shape.Size * shape.Size * shape.Channels : 2, image);
}
