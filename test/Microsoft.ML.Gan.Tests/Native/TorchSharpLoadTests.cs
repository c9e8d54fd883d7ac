using System;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Native;

public class TorchSharpLoadTests
{
    [Fact]
    public void Native_backend_loads_and_multiplies_matrices()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });

        using var product = torch.matmul(a, b);

        product.shape.Should().Equal(2L, 2L);
        product.data<float>().ToArray().Should().Equal(19f, 22f, 43f, 50f);
    }

    [Fact]
    public void Seeded_randn_draws_standard_normal_samples()
    {
        using var generator = new torch.Generator(42);
        using var samples = torch.randn(new long[] { 10_000 }, generator: generator);

        samples.shape.Should().Equal(10_000L);
        double mean = samples.mean().item<float>();
        double std = samples.std().item<float>();
        mean.Should().BeApproximately(0, 0.05);
        std.Should().BeApproximately(1, 0.05);
        double.IsFinite(samples.sum().item<float>()).Should().BeTrue();
        Math.Abs(mean).Should().BeLessThan(std);
    }
}
