using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>The exponential moving average of generator weights.</summary>
public sealed class ExponentialMovingAverageTests
{
    [Fact]
    public void The_average_follows_the_closed_form_on_a_toy_parameter_sequence()
    {
        using var scope = NewDisposeScope();
        const double decay = 0.9;
        using var source = nn.Linear(2, 1);
        using (no_grad())
        {
            source.weight.copy_(tensor(new[,] { { 0.5f, -0.5f } }));
            source.bias!.copy_(tensor(new[] { 0.25f }));
        }

        using var average = new ExponentialMovingAverage<Linear>(source, nn.Linear(2, 1), decay);
        // θ₀ = (0.5, −0.5; 0.25), then θₜ = (t, −2t; t/2) for t = 1..5.
        var expected = new[] { 0.5, -0.5, 0.25 };
        for (var t = 1; t <= 5; t++)
        {
            using (no_grad())
            {
                source.weight.copy_(tensor(new[,] { { (float)t, -2f * t } }));
                source.bias!.copy_(tensor(new[] { t / 2f }));
            }

            average.Update();
            double[] theta = [t, -2.0 * t, t / 2.0];
            expected = expected.Zip(theta, (ema, value) => decay * ema + (1 - decay) * value).ToArray();
        }

        // Closed form: d⁵θ₀ + Σₜ (1 − d)d⁵⁻ᵗθₜ.
        var closedForm = Enumerable.Range(0, 3).Select(i =>
            Math.Pow(decay, 5) * new[] { 0.5, -0.5, 0.25 }[i]
            + Enumerable.Range(1, 5).Sum(t => (1 - decay) * Math.Pow(decay, 5 - t) * new[] { t, -2.0 * t, t / 2.0 }[i])).ToArray();
        expected.Should().Equal(closedForm, (a, b) => Math.Abs(a - b) < 1e-12);
        var shadow = average.Shadow;
        double[] actual = [shadow.weight[0, 0].item<float>(), shadow.weight[0, 1].item<float>(), shadow.bias![0].item<float>()];
        actual.Should().Equal(closedForm, (a, b) => Math.Abs(a - b) < 1e-5);
        average.Updates.Should().Be(5);
        shadow.weight.requires_grad.Should().BeFalse();
    }

    [Fact]
    public void After_training_steps_the_average_generates_differently_and_with_decay_zero_identically()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(7);
        using var generator = new DcganGenerator(8, 28, 1, baseWidth: 8);
        DcganLayers.Initialize(generator, random);
        using var slow = new ExponentialMovingAverage<DcganGenerator>(generator, new DcganGenerator(8, 28, 1, baseWidth: 8));
        using var exact = new ExponentialMovingAverage<DcganGenerator>(generator, new DcganGenerator(8, 28, 1, baseWidth: 8), decay: 0);
        using var optimizer = new AdamOptimizer(generator.parameters(), 1e-2, 0.5, 0.999);
        var target = ImageBatches.Blobs(16, 1, 28, random);
        generator.train();

        for (var step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            var difference = generator.forward(randn(16, 8, generator: random)).sub(target);
            var loss = difference.mul(difference).mean();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            slow.Update();
            exact.Update();
        }

        generator.eval();
        var latent = randn(4, 8, generator: random);
        using var noGrad = no_grad();
        var raw = generator.forward(latent);
        var averaged = slow.Shadow.forward(latent);

        raw.sub(averaged).abs().max().item<float>().Should().BeGreaterThan(1e-3f);
        Tensors.Identical(exact.Shadow.forward(latent), raw).Should().BeTrue();
        // Buffers are copied, not averaged: BatchNorm running statistics match the source's exactly.
        var sourceState = generator.state_dict();
        var shadowState = slow.Shadow.state_dict();
        Tensors.Identical(shadowState["layers.norm0.running_var"], sourceState["layers.norm0.running_var"]).Should().BeTrue();
        shadowState["layers.project_norm.num_batches_tracked"].item<long>().Should().Be(5);
    }

    [Fact]
    public void CopyTo_gives_another_instance_the_averaged_weights()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(8);
        using var generator = new DcganGenerator(8, 32, 3, baseWidth: 4);
        DcganLayers.Initialize(generator, random);
        using var average = new ExponentialMovingAverage<DcganGenerator>(generator, new DcganGenerator(8, 32, 3, baseWidth: 4), decay: 0.5);
        using (no_grad())
        {
            foreach (var parameter in generator.parameters())
            {
                parameter.add_(randn(parameter.shape, generator: random), alpha: 0.1);
            }
        }

        average.Update();
        using var target = new DcganGenerator(8, 32, 3, baseWidth: 4);
        average.CopyTo(target);
        target.eval();

        var latent = randn(2, 8, generator: random);
        using var noGrad = no_grad();
        Tensors.Identical(target.forward(latent), average.Shadow.forward(latent)).Should().BeTrue();
        DcganNetworkTests.StatesEqual(target, generator).Should().BeFalse();
    }

    [Fact]
    public void Networks_of_different_architectures_and_invalid_decays_are_rejected()
    {
        using var generator = new DcganGenerator(8, 28, 1, baseWidth: 4);
        using var wider = new DcganGenerator(8, 28, 1, baseWidth: 8);
        using var same = new DcganGenerator(8, 28, 1, baseWidth: 4);

        var mismatch = () => new ExponentialMovingAverage<DcganGenerator>(generator, wider);
        var decay = () => new ExponentialMovingAverage<DcganGenerator>(generator, same, decay: 1.5);

        mismatch.Should().Throw<ArgumentException>().WithMessage("The networks differ at parameter 0: 'layers.project.weight'*");
        decay.Should().Throw<ArgumentOutOfRangeException>();
    }
}
