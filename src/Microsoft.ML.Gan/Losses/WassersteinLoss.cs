using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The Wasserstein critic objective. The critic maximises <c>E[D(x)] − E[D(G(z))]</c>, an estimate of the
/// Wasserstein-1 distance when D is 1-Lipschitz; how Lipschitz-ness is kept is up to the subclass.
/// </summary>
internal abstract class WassersteinLoss : AdversarialLoss
{
    public override bool IsCritic => true;

    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => fakeScores.mean() - realScores.mean();

    public override Tensor GeneratorLoss(Tensor fakeScores) => -fakeScores.mean();

    // The critic pushes the scores of what it should call fake down.
    public override Tensor FakeLoss(Tensor fakeScores) => fakeScores.mean();
}
