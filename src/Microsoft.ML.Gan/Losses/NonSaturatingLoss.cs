using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan;

/// <summary>The minimax discriminator with the non-saturating generator loss <c>−E[log σ(D(G(z)))]</c>.</summary>
internal sealed class NonSaturatingLoss : MinimaxLoss
{
    public override Tensor GeneratorLoss(Tensor fakeScores) => -logsigmoid(fakeScores).mean();
}
