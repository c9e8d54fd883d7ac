using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>Least-squares GAN with the 0-1-1 coding: fakes at 0, reals at 1, and G aims its fakes at 1.</summary>
internal sealed class LeastSquaresLoss : AdversarialLoss
{
    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
        0.5 * (realScores - 1).square().mean() + 0.5 * fakeScores.square().mean();

    public override Tensor GeneratorLoss(Tensor fakeScores) => 0.5 * (fakeScores - 1).square().mean();
}
