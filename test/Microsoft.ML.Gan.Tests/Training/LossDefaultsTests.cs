using System;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// The options left unset resolve per loss and network as their documentation says, and the resolved values are what
/// the model records (and saves). The loss is minimax for MLPs and non-saturating for DCGAN networks; MLP GANs generate
/// from an average of the generator; WGAN-GP and minimax with MLPs
/// have their own learning rates, measured on the 2-D mixtures (docs/TRAINING.md); DCGAN networks keep the shared (and
/// for WGAN-GP the paper's image) setting; a value the user sets always wins.
/// </summary>
public sealed class LossDefaultsTests
{
    [Fact]
    public void The_default_loss_is_minimax_for_mlps_and_non_saturating_for_dcgan_networks()
    {
        var mlp = Resolve(new GanTrainer.Options());
        mlp.Loss.Should().Be(GanLoss.Minimax);
        mlp.GeneratorLearningRate.Should().Be(5e-4, "the default loss for vectors trains at minimax's rate");
        Resolve(new GanTrainer.Options { Network = GanNetwork.Dcgan }, image: (28, 1)).Loss.Should().Be(GanLoss.NonSaturating);
        var chosen = Resolve(new GanTrainer.Options { Loss = GanLoss.NonSaturating });
        chosen.Loss.Should().Be(GanLoss.NonSaturating);
        chosen.GeneratorLearningRate.Should().Be(2e-4);
    }

    [Fact]
    public void Wgan_gp_with_mlps_defaults_to_its_toy_data_setting()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.WassersteinGradientPenalty });

        settings.GeneratorLearningRate.Should().Be(5e-4);
        settings.DiscriminatorLearningRate.Should().Be(5e-4);
        settings.Beta2.Should().Be(0.9);
        settings.GradientPenaltyWeight.Should().Be(0.1);
        settings.CriticSteps.Should().Be(2);
        settings.GeneratorAverageDecay.Should().Be(0.999);
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
    }

    [Fact]
    public void Minimax_with_dcgan_networks_keeps_the_shared_setting()
    {
        var settings = Resolve(new GanTrainer.Options { Loss = GanLoss.Minimax, Network = GanNetwork.Dcgan }, image: (28, 1));

        settings.GeneratorLearningRate.Should().Be(2e-4);
        settings.DiscriminatorLearningRate.Should().Be(2e-4);
        settings.GeneratorAverageDecay.Should().BeNull();
    }

    [Fact]
    public void The_default_average_warms_up_and_a_value_the_user_sets_does_not()
    {
        var byDefault = Resolve(new GanTrainer.Options { Epochs = 1 });
        byDefault.GeneratorAverageDecay.Should().Be(0.999, "the warm-up, not the run's length, keeps a short run off its initial weights");
        byDefault.GeneratorAverageWarmUp.Should().BeTrue();

        var set = Resolve(new GanTrainer.Options { GeneratorAverageDecay = 0.99 });
        set.GeneratorAverageDecay.Should().Be(0.99);
        set.GeneratorAverageWarmUp.Should().BeFalse();
    }

    [Fact]
    public void Every_mlp_loss_averages_dcgan_does_not_and_zero_turns_it_off()
    {
        foreach (var loss in Enum.GetValues<GanLoss>())
        {
            Resolve(new GanTrainer.Options { Loss = loss }).GeneratorAverageDecay.Should().Be(0.999, loss.ToString());
            Resolve(new GanTrainer.Options { Loss = loss, GeneratorAverageDecay = 0 }).GeneratorAverageDecay.Should().BeNull(loss.ToString());
        }

        Resolve(new GanTrainer.Options { Network = GanNetwork.Dcgan }, image: (28, 1)).GeneratorAverageDecay.Should().BeNull();
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
