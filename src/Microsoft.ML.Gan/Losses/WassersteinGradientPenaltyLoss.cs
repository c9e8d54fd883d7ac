using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// WGAN-GP: the critic loss plus <c>λ E[(‖∇D(x̂)‖₂ − 1)²]</c> on random interpolates between real and generated rows.
/// </summary>
internal sealed class WassersteinGradientPenaltyLoss : WassersteinLoss
{
    private readonly Scalar _weight;

    public WassersteinGradientPenaltyLoss(double weight)
    {
        _weight = weight.ToScalar();
    }

    public override Tensor? DiscriminatorRegularizer(nn.Module<Tensor, Tensor> discriminator, Tensor real, Tensor fake, Generator random)
    {
        var interpolates = SampleInterpolates(real, fake, random);
        return GradientPenalty(discriminator, interpolates, _weight);
    }

    public override void Dispose() => _weight.Dispose();

    /// <summary><c>x̂ = αx + (1 − α)x̃</c> with one <c>α ~ U[0, 1]</c> per row, as a leaf that requires gradients.</summary>
    internal static Tensor SampleInterpolates(Tensor real, Tensor fake, Generator random)
    {
        var alpha = rand(real.size(0), 1, dtype: real.dtype, device: real.device, generator: random);
        // α·real + (1 − α)·fake, written as fake + α·(real − fake) to avoid per-step scalar conversions.
        return LossScalars.Plus(fake, alpha.mul(real.sub(fake))).detach().requires_grad_(true);
    }

    /// <summary>
    /// <c>λ · mean((‖∇D(x̂)‖₂ − 1)²)</c>, the gradient taken of the critic's raw output. With packing, one critic
    /// output judges several rows, so the norm is taken over each critic input (the packed rows together).
    /// </summary>
    internal static Tensor GradientPenalty(nn.Module<Tensor, Tensor> critic, Tensor interpolates, Scalar weight)
    {
        var scores = critic.forward(interpolates);
        // create_graph so the penalty is differentiable; retain_graph because TorchSharp, unlike PyTorch, does not imply it.
        var gradients = autograd.grad([scores.sum()], [interpolates], retain_graph: true, create_graph: true)[0];
        // Tensor.norm(dim) passes p as a float; linalg.vector_norm converts its order to a Scalar that it never disposes,
        // one native object per step left to the finalizer (TorchSharp 0.107). Both are at::norm with p = 2.
        var norms = gradients.reshape(scores.size(0), -1).norm(dim: 1);
        var distance = norms.sub(LossScalars.One);
        return distance.mul(distance).mean().mul(weight);
    }
}
