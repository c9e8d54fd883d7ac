using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>Least-squares GAN with the 0-1-1 coding: fakes at 0, reals at 1, and G aims its fakes at 1.</summary>
internal sealed class LeastSquaresLoss : AdversarialLoss
{
    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
        LossScalars.Plus(HalfMeanSquare(realScores.sub(LossScalars.One)), HalfMeanSquare(fakeScores));

    public override Tensor GeneratorLoss(Tensor fakeScores) => HalfMeanSquare(fakeScores.sub(LossScalars.One));

    public override Tensor FakeLoss(Tensor fakeScores) => HalfMeanSquare(fakeScores);

    private static Tensor HalfMeanSquare(Tensor error) => error.mul(error).mean().mul(LossScalars.Half);
}
