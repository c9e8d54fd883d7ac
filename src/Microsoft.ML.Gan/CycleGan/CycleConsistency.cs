using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// CycleGAN's non-adversarial terms: the cycle-consistency loss <c>E[‖F(G(x)) − x‖₁]</c>, which ties each translation
/// to its input (translating there and back must return the input), and the identity loss <c>E[‖G(y) − y‖₁]</c>, which
/// asks a generator to leave images already in its target domain unchanged. Both are mean absolute errors per value.
/// </summary>
internal static class CycleConsistency
{
    /// <summary>Mean absolute difference between <paramref name="original"/> and <paramref name="reconstructed"/>.</summary>
    public static Tensor L1(Tensor original, Tensor reconstructed) => reconstructed.sub(original).abs().mean();

    /// <summary>
    /// The full cycle loss for one pair of generators on one batch per domain:
    /// <c>L1(a, F(G(a))) + L1(b, G(F(b)))</c>, unweighted.
    /// </summary>
    public static Tensor CycleLoss(nn.Module<Tensor, Tensor> aToB, nn.Module<Tensor, Tensor> bToA, Tensor a, Tensor b) =>
        LossScalars.Plus(L1(a, bToA.forward(aToB.forward(a))), L1(b, aToB.forward(bToA.forward(b))));
}
