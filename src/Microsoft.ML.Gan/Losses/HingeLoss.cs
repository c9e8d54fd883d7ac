using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan;

/// <summary>Hinge loss for D (margin 1 on each side) and the critic-style generator loss <c>−E[D(G(z))]</c>.</summary>
internal sealed class HingeLoss : AdversarialLoss
{
    // max(0, 1 − r) is relu(−r + 1) and max(0, 1 + f) is relu(f + 1).
    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
        LossScalars.Plus(
            relu(realScores.neg().add_(LossScalars.One, LossScalars.One)).mean(),
            relu(fakeScores.add(LossScalars.One, LossScalars.One)).mean());

    public override Tensor GeneratorLoss(Tensor fakeScores) => -fakeScores.mean();

    public override Tensor FakeLoss(Tensor fakeScores) => relu(fakeScores.add(LossScalars.One, LossScalars.One)).mean();
}
