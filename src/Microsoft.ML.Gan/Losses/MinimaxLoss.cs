using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan;

/// <summary>
/// The original minimax objective. With <c>σ</c> the sigmoid, <c>log σ(a)</c> is <c>logsigmoid(a)</c> and
/// <c>log(1 − σ(a)) = logsigmoid(−a)</c>, which keeps every term numerically stable on raw logits.
/// </summary>
internal class MinimaxLoss : AdversarialLoss
{
    // D maximises E[log σ(D(x))] + E[log(1 − σ(D(G(z))))], i.e. minimises the binary cross-entropy.
    public override Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
        -LossScalars.Plus(logsigmoid(realScores).mean(), logsigmoid(-fakeScores).mean());

    // G minimises E[log(1 − σ(D(G(z))))]: saturates when D confidently rejects the fakes.
    public override Tensor GeneratorLoss(Tensor fakeScores) => logsigmoid(-fakeScores).mean();

    // −E[log(1 − σ(s))].
    public override Tensor FakeLoss(Tensor fakeScores) => -logsigmoid(-fakeScores).mean();
}
