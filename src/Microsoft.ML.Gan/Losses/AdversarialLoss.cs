using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// One adversarial objective: the discriminator's and the generator's losses over raw discriminator outputs
/// (logits, or critic values), plus the loss-specific extras (a regulariser, a post-step weight constraint).
/// </summary>
/// <remarks>Losses are means over the batch and are minimised; a maximisation in the theory appears negated.</remarks>
internal abstract class AdversarialLoss : IDisposable
{
    /// <summary>True for Wasserstein critics, whose outputs estimate a distance rather than a probability.</summary>
    public virtual bool IsCritic => false;

    public abstract Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores);

    public abstract Tensor GeneratorLoss(Tensor fakeScores);

    /// <summary>
    /// The discriminator's loss on scores it should call fake, alone: the fake half of <see cref="DiscriminatorLoss"/>.
    /// A conditional GAN's matching-aware term applies it to real rows shown with a mismatched condition.
    /// </summary>
    public abstract Tensor FakeLoss(Tensor fakeScores);

    /// <summary>An extra discriminator loss term that needs the network itself (the gradient penalty), or null.</summary>
    public virtual Tensor? DiscriminatorRegularizer(nn.Module<Tensor, Tensor> discriminator, Tensor real, Tensor fake, Generator random) => null;

    /// <summary>Runs after each discriminator optimiser step (weight clipping).</summary>
    public virtual void AfterDiscriminatorStep(IReadOnlyList<Parameter> discriminatorParameters)
    {
    }

    /// <summary>Releases the native scalars a loss keeps for its per-step arithmetic.</summary>
    public virtual void Dispose()
    {
    }

    public static AdversarialLoss Create(GanLoss loss, double clipValue, double gradientPenaltyWeight) => loss switch
    {
        GanLoss.Minimax => new MinimaxLoss(),
        GanLoss.NonSaturating => new NonSaturatingLoss(),
        GanLoss.LeastSquares => new LeastSquaresLoss(),
        GanLoss.Hinge => new HingeLoss(),
        GanLoss.Wasserstein => new WassersteinClippingLoss(clipValue),
        GanLoss.WassersteinGradientPenalty => new WassersteinGradientPenaltyLoss(gradientPenaltyWeight),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GAN loss."),
    };
}
