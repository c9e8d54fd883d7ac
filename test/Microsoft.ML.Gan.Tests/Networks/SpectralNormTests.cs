using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>Spectral normalisation by power iteration (Miyato et al.) for convolutions and linear layers.</summary>
public sealed class SpectralNormTests
{
    [Fact]
    public void Power_iteration_finds_the_largest_singular_value_of_a_convolution_weight_seen_as_a_matrix()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1);
        using var layer = new SpectralNorm(nn.Conv2d(3, 8, 4, stride: 2, padding: 1), random);
        var weight = ((Conv2d)layer.Layer).weight;

        layer.PowerIteration(200);

        var largest = linalg.svdvals(weight.detach().view(8, 3 * 4 * 4))[0].item<float>();
        layer.EstimateSigma().item<float>().Should().BeApproximately(largest, largest * 1e-3f);
        (layer.Rows, layer.Columns).Should().Be((8, 48));
    }

    [Fact]
    public void Training_forward_passes_take_one_power_iteration_step_each_and_normalise_the_weight_to_spectral_norm_one()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(2);
        using var layer = new SpectralNorm(nn.Linear(20, 10), random);
        var weight = ((Linear)layer.Layer).weight;
        // Linear draws its weights from torch's global generator, whose state depends on which tests ran first (in
        // parallel): draw them from the seeded one, so the power iteration always starts from the same matrix.
        using (no_grad())
        {
            weight.copy_(randn(10, 20, generator: random));
        }

        layer.ResetVectors(random);

        var input = randn(4, 20, generator: random);
        layer.train();
        var u = layer.U.clone();

        layer.forward(input);
        Tensors.Identical(layer.U, u).Should().BeFalse("a training forward pass updates u");
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            layer.forward(input);
        }

        var largest = linalg.svdvals(weight.detach())[0].item<float>();
        layer.EstimateSigma().item<float>().Should().BeApproximately(largest, largest * 1e-3f);
        using (no_grad())
        {
            var normalised = layer.NormalizedWeight(update: false);
            linalg.matrix_norm(normalised, ord: 2).item<float>().Should().BeApproximately(1, 1e-3f);
            // The layer computes x·(W/σ)ᵀ + b.
            var expected = nn.functional.linear(input, normalised, ((Linear)layer.Layer).bias);
            layer.eval();
            layer.forward(input).allclose(expected, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
        }
    }

    [Fact]
    public void Evaluation_forward_passes_leave_the_vectors_alone()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(3);
        using var layer = new SpectralNorm(nn.Conv2d(2, 4, 4, stride: 2, padding: 1), random);
        layer.eval();
        var (u, v) = (layer.U.clone(), layer.V.clone());

        layer.forward(randn(2, 2, 8, 8, generator: random));

        Tensors.Identical(layer.U, u).Should().BeTrue();
        Tensors.Identical(layer.V, v).Should().BeTrue();
    }

    [Fact]
    public void Gradients_reach_the_raw_weight_through_both_W_and_sigma()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(4);
        var conv = nn.Conv2d(2, 3, 4, stride: 2, padding: 1);
        using var layer = new SpectralNorm(conv, random);
        var input = randn(2, 2, 8, 8, generator: random);
        layer.train();

        layer.forward(input).sum().backward();
        using var gradient = conv.weight.grad;

        // The same loss written out with the vectors the step left behind, u and v constants: σ = uᵀWv.
        var copy = conv.weight.detach().clone().requires_grad_(true);
        var sigma = layer.U.dot(copy.view(3, 32).mv(layer.V));
        nn.functional.conv2d(input, copy.div(sigma), conv.bias, [2, 2], [1, 1]).sum().backward();
        using var expected = copy.grad;

        gradient.Should().NotBeNull();
        gradient!.abs().sum().item<float>().Should().BeGreaterThan(0);
        gradient.allclose(expected!, rtol: 1e-4, atol: 1e-6).Should().BeTrue();
        // Without the σ term (W/σ with σ treated as a constant) the gradient would differ.
        var constantSigma = conv.weight.detach().clone().requires_grad_(true);
        nn.functional.conv2d(input, constantSigma.div(sigma.detach()), conv.bias, [2, 2], [1, 1]).sum().backward();
        using var withoutSigma = constantSigma.grad;
        gradient.allclose(withoutSigma!, rtol: 1e-4, atol: 1e-6).Should().BeFalse();
    }

    [Fact]
    public void The_vectors_are_saved_in_the_state_dictionary_and_restored_from_it()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(5);
        using var layer = new SpectralNorm(nn.Conv2d(2, 4, 4, stride: 2, padding: 1), random);
        using var copy = new SpectralNorm(nn.Conv2d(2, 4, 4, stride: 2, padding: 1));
        using var discriminator = new DcganDiscriminator(28, 1, baseWidth: 4, useBatchNorm: false, spectralNorm: true);

        layer.state_dict().Keys.Should().BeEquivalentTo("module.weight", "module.bias", "u", "v");
        layer.state_dict()["v"].shape.Should().Equal(2 * 4 * 4);
        copy.load_state_dict(layer.state_dict());
        copy.EstimateSigma().item<float>().Should().Be(layer.EstimateSigma().item<float>());
        discriminator.state_dict().Keys.Should().Contain(["layers.downsample0.u", "layers.downsample1.v", "layers.output.u", "layers.output.module.weight"]);
        discriminator.parameters().Count().Should().Be(6, "u and v are buffers, not parameters");
    }

    [Fact]
    public void Only_convolutions_and_linear_layers_can_be_normalised()
    {
        var transposed = () => new SpectralNorm(nn.ConvTranspose2d(2, 2, 4));

        transposed.Should().Throw<ArgumentException>().WithMessage("Spectral normalisation supports Conv2d (zero padding) and Linear layers*");
    }
}
