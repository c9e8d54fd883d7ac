using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>Our allocation-free Adam computes exactly what <c>torch.optim.Adam</c> computes.</summary>
public sealed class AdamOptimizerTests
{
    [Fact]
    public void Fifty_steps_give_bit_identical_weights_to_torch_Adam()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(3, CPU);
        var input = randn(32, 6, generator: random);
        var target = randn(32, 1, generator: random);
        using var ours = nn.Sequential(("a", nn.Linear(6, 8)), ("r", nn.Tanh()), ("b", nn.Linear(8, 1)));
        using var theirs = nn.Sequential(("a", nn.Linear(6, 8)), ("r", nn.Tanh()), ("b", nn.Linear(8, 1)));
        theirs.load_state_dict(ours.state_dict());
        using var ourAdam = new AdamOptimizer(ours.parameters(), 1e-2, 0.5, 0.9);
        using var torchAdam = optim.Adam(theirs.parameters(), 1e-2, 0.5, 0.9);

        for (var step = 0; step < 50; step++)
        {
            using var stepScope = NewDisposeScope();
            ourAdam.ZeroGrad();
            (ours.forward(input) - target).square().mean().backward();
            ourAdam.Step();
            torchAdam.zero_grad();
            (theirs.forward(input) - target).square().mean().backward();
            torchAdam.step();
        }

        var expected = theirs.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        var actual = ours.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        ourAdam.StepCount.Should().Be(50);
    }
}
