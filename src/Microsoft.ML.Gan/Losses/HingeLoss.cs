using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan;

/// <summary>Hinge loss for D (margin 1 on each side) and the critic-style generator loss <c>−E[D(G(z))]</c>.</summary>
internal sealed class HingeLoss : AdversarialLoss
{
    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
        relu(1 - realScores).mean() + relu(1 + fakeScores).mean();

    public override Tensor GeneratorLoss(Tensor fakeScores) => -fakeScores.mean();
}
