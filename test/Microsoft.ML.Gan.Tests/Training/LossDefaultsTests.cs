using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// The options left unset resolve per loss and network as their documentation says, and the resolved values are what
/// the model records (and saves). WGAN-GP with MLPs has its own defaults, measured on the 2-D mixtures
/// (docs/TRAINING.md); a DCGAN critic keeps the paper's image setting; a value the user sets always wins.
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
        settings.GeneratorAverageDecay.Should().BeNull("averaging stays the user's choice");
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
    }

    [Theory]
    [InlineData(GanLoss.NonSaturating, 1)]
    [InlineData(GanLoss.Minimax, 1)]
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

    private static GanSettings Resolve(GanTrainer.Options options, (int Size, int Channels)? image = null) =>
        GanSettings.From(options, featureDimension: image is { } shape ? shape.Size * shape.Size * shape.Channels : 2, image);
}
