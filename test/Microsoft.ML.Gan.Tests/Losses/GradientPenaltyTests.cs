using System;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Losses;

/// <summary>The WGAN-GP penalty against its closed form, and the per-sample interpolation it rests on.</summary>
public sealed class GradientPenaltyTests
{
    [Fact]
    public void Penalty_on_a_linear_critic_is_lambda_times_squared_distance_of_weight_norm_from_one()
    {
        // D(x) = w·x + b has input gradient w everywhere, so the penalty is λ(‖w‖ − 1)² for any interpolates.
        using var scope = NewDisposeScope();
        using var critic = nn.Linear(3, 1);
        var w = new[] { 0.6, -1.2, 2.0 };
        using (no_grad())
        {
            critic.weight!.copy_(tensor(w.Select(v => (float)v).ToArray()).reshape(1, 3));
        }

        var interpolates = randn(16, 3).requires_grad_(true);
        var penalty = WassersteinGradientPenaltyLoss.GradientPenalty(new Squeezed(critic), interpolates, weight: 10);

        var norm = Math.Sqrt(w.Sum(v => v * v));
        penalty.item<float>().Should().BeApproximately((float)(10 * (norm - 1) * (norm - 1)), 1e-4f);
    }

    [Fact]
    public void Penalty_is_differentiable_with_respect_to_the_critic_weights()
    {
        using var scope = NewDisposeScope();
        using var critic = nn.Linear(2, 1);
        var penalty = WassersteinGradientPenaltyLoss.GradientPenalty(new Squeezed(critic), randn(8, 2).requires_grad_(true), weight: 10);
        penalty.backward();

        // d/dw λ(‖w‖ − 1)² = 2λ(‖w‖ − 1) w / ‖w‖.
        var w = critic.weight!.data<float>().ToArray().Select(v => (double)v).ToArray();
        var norm = Math.Sqrt(w.Sum(v => v * v));
        var expected = w.Select(v => (float)(2 * 10 * (norm - 1) * v / norm)).ToArray();
        critic.weight!.grad!.data<float>().ToArray().Should().BeEquivalentTo(expected, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-4f)).WhenTypeIs<float>());
    }

    [Fact]
    public void Interpolation_draws_alpha_per_sample_within_zero_and_one()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(42, CPU);
        var real = ones(256, 4);
        var fake = zeros(256, 4);

        var interpolates = WassersteinGradientPenaltyLoss.SampleInterpolates(real, fake, random);

        // With real = 1 and fake = 0, every slot of row i equals that row's α.
        var rows = interpolates.detach().data<float>().ToArray().Chunk(4).ToArray();
        rows.Should().OnlyContain(row => row.Distinct().Count() == 1, "one α is shared by all slots of a row");
        var alphas = rows.Select(row => row[0]).ToArray();
        alphas.Should().OnlyContain(a => a >= 0 && a <= 1);
        alphas.Distinct().Count().Should().BeGreaterThan(250, "α is drawn independently for each sample");
        alphas.Average().Should().BeApproximately(0.5f, 0.06f);
        interpolates.requires_grad.Should().BeTrue();
    }

    /// <summary>Linear(d, 1) with its output squeezed to one score per row, like the discriminators.</summary>
    private sealed class Squeezed : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _inner;

        public Squeezed(nn.Module<Tensor, Tensor> inner)
            : base(nameof(Squeezed))
        {
            _inner = inner;
            register_module("inner", _inner);
        }

        public override Tensor forward(Tensor input) => _inner.forward(input).squeeze(1);
    }
}
