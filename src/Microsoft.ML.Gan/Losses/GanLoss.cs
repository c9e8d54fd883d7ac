namespace Microsoft.ML.Gan;

/// <summary>
/// The adversarial objective that the discriminator and the generator optimise.
/// </summary>
/// <remarks>
/// <para>Let <c>D</c> be the discriminator's raw output (a logit, or a critic value for the Wasserstein losses),
/// <c>x</c> a real row and <c>G(z)</c> a generated one; every expectation is a mean over the batch.</para>
/// </remarks>
public enum GanLoss
{
    /// <summary>
    /// The original minimax game: D maximises <c>E[log σ(D(x))] + E[log(1 − σ(D(G(z))))]</c> and G minimises
    /// <c>E[log(1 − σ(D(G(z))))]</c>. Faithful to the theory; G's gradient vanishes while D wins, which the original
    /// paper warns of for early training. With MLP networks at a higher learning rate it kept every mode of the toy
    /// mixtures and learned MNIST digits as vectors better than <see cref="NonSaturating"/>, so it is the default loss
    /// for <see cref="GanNetwork.Mlp"/> (docs/TRAINING.md).
    /// </summary>
    Minimax,

    /// <summary>
    /// Same discriminator as <see cref="Minimax"/>; G instead minimises <c>−E[log σ(D(G(z)))]</c>, which gives
    /// strong gradients early in training. The usual default in practice, and the default loss for
    /// <see cref="GanNetwork.Dcgan"/>. Its objective for G is mode-seeking (KL(p_g‖p_data) − 2 JSD), and on the
    /// 8-Gaussian ring it under-filled a mode or two at every learning rate tried.
    /// </summary>
    NonSaturating,

    /// <summary>
    /// Least-squares GAN: D minimises <c>½E[(D(x) − 1)²] + ½E[D(G(z))²]</c> and G minimises <c>½E[(D(G(z)) − 1)²]</c>.
    /// </summary>
    LeastSquares,

    /// <summary>
    /// Hinge loss: D minimises <c>E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]</c> and G minimises <c>−E[D(G(z))]</c>.
    /// </summary>
    Hinge,

    /// <summary>
    /// Wasserstein GAN with weight clipping: the critic minimises <c>E[D(G(z))] − E[D(x)]</c> and every critic weight is
    /// clipped to <c>[−c, c]</c> (<see cref="GanTrainer.Options.ClipValue"/>) after each step; G minimises
    /// <c>−E[D(G(z))]</c>.
    /// </summary>
    Wasserstein,

    /// <summary>
    /// Wasserstein GAN with gradient penalty: the critic loss of <see cref="Wasserstein"/> plus
    /// <c>λ E[(‖∇D(x̂)‖₂ − 1)²]</c> where <c>x̂ = αx + (1 − α)G(z)</c> with <c>α ~ U[0, 1]</c> drawn per sample and the
    /// gradient taken of the critic's raw output (<see cref="GanTrainer.Options.GradientPenaltyWeight"/> is λ).
    /// No clipping.
    /// </summary>
    WassersteinGradientPenalty,
}
