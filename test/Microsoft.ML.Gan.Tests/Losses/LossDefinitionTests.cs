using System;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Losses;

/// <summary>Each loss equals its textbook definition, computed here independently in double precision.</summary>
public sealed class LossDefinitionTests
{
    private static readonly double[] Real = [2.0, -0.5, 0.25, 1.5];
    private static readonly double[] Fake = [-1.0, 0.75, -2.5, 0.1];

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    private static double Mean(Func<double, double> f, double[] xs) => xs.Select(f).Average();

    [Fact]
    public void Minimax_discriminator_is_the_negated_value_function_and_generator_minimises_log_one_minus_D()
    {
        var expectedD = -(Mean(a => Math.Log(Sigmoid(a)), Real) + Mean(a => Math.Log(1 - Sigmoid(a)), Fake));
        var expectedG = Mean(a => Math.Log(1 - Sigmoid(a)), Fake);
        AssertLoss(GanLoss.Minimax, expectedD, expectedG);
    }

    [Fact]
    public void NonSaturating_generator_minimises_minus_log_D()
    {
        var expectedD = -(Mean(a => Math.Log(Sigmoid(a)), Real) + Mean(a => Math.Log(1 - Sigmoid(a)), Fake));
        var expectedG = -Mean(a => Math.Log(Sigmoid(a)), Fake);
        AssertLoss(GanLoss.NonSaturating, expectedD, expectedG);
    }

    [Fact]
    public void LeastSquares_uses_targets_one_for_real_and_zero_for_fake()
    {
        var expectedD = 0.5 * Mean(a => (a - 1) * (a - 1), Real) + 0.5 * Mean(a => a * a, Fake);
        var expectedG = 0.5 * Mean(a => (a - 1) * (a - 1), Fake);
        AssertLoss(GanLoss.LeastSquares, expectedD, expectedG);
    }

    [Fact]
    public void Hinge_has_unit_margins()
    {
        var expectedD = Mean(a => Math.Max(0, 1 - a), Real) + Mean(a => Math.Max(0, 1 + a), Fake);
        var expectedG = -Fake.Average();
        AssertLoss(GanLoss.Hinge, expectedD, expectedG);
    }

    [Theory]
    [InlineData(GanLoss.Wasserstein)]
    [InlineData(GanLoss.WassersteinGradientPenalty)]
    public void Wasserstein_critic_minimises_fake_minus_real(GanLoss loss)
    {
        AssertLoss(loss, Fake.Average() - Real.Average(), -Fake.Average());
    }

    [Fact]
    public void Weight_clipping_bounds_every_critic_parameter()
    {
        using var layer = nn.Linear(3, 2);
        using (no_grad())
        {
            layer.weight!.copy_(tensor(new float[] { -0.5f, 0.004f, 0.3f, -0.02f, 0.009f, 1f }).reshape(2, 3));
        }

        var parameters = layer.parameters().ToArray();
        AdversarialLoss.Create(GanLoss.Wasserstein, clipValue: 0.01, gradientPenaltyWeight: 10).AfterDiscriminatorStep(parameters);

        layer.weight!.data<float>().ToArray().Should().Equal(-0.01f, 0.004f, 0.01f, -0.01f, 0.009f, 0.01f);
        layer.bias!.data<float>().ToArray().Should().OnlyContain(b => Math.Abs(b) <= 0.01f);
    }

    private static void AssertLoss(GanLoss kind, double expectedDiscriminator, double expectedGenerator)
    {
        using var scope = NewDisposeScope();
        var loss = AdversarialLoss.Create(kind, clipValue: 0.01, gradientPenaltyWeight: 10);
        var real = tensor(Real, dtype: ScalarType.Float64);
        var fake = tensor(Fake, dtype: ScalarType.Float64);

        loss.DiscriminatorLoss(real, fake).item<double>().Should().BeApproximately(expectedDiscriminator, 1e-12);
        loss.GeneratorLoss(fake).item<double>().Should().BeApproximately(expectedGenerator, 1e-12);
    }
}
