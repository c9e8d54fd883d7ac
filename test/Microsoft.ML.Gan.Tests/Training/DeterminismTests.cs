using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>A seed reproduces training and generation exactly on the CPU; another seed gives other results.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Same_context_seed_gives_bit_identical_history_and_samples()
    {
        using var first = Train(new MLContext(seed: 5));
        using var second = Train(new MLContext(seed: 5));

        second.TrainingHistory.Select(e => (e.DiscriminatorLoss, e.GeneratorLoss))
            .Should().Equal(first.TrainingHistory.Select(e => (e.DiscriminatorLoss, e.GeneratorLoss)));
        Samples(second).Should().BeEquivalentTo(Samples(first), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Different_context_seeds_give_different_samples()
    {
        using var first = Train(new MLContext(seed: 5));
        using var second = Train(new MLContext(seed: 6));

        Samples(second).SelectMany(r => r).Should().NotEqual(Samples(first).SelectMany(r => r));
    }

    [Fact]
    public void Options_seed_overrides_the_context_seed()
    {
        using var first = Train(new MLContext(seed: 1), seed: 42);
        using var second = Train(new MLContext(seed: 2), seed: 42);

        Samples(second).Should().BeEquivalentTo(Samples(first), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Generate_is_a_pure_function_of_its_seed()
    {
        using var model = Train(new MLContext(seed: 5));

        var once = GeneratedRows.Read(model.Generate(300, seed: 9), "Features");
        var again = GeneratedRows.Read(model.Generate(300, seed: 9), "Features");
        var other = GeneratedRows.Read(model.Generate(300, seed: 10), "Features");

        again.Should().BeEquivalentTo(once, o => o.WithStrictOrdering());
        other.SelectMany(r => r).Should().NotEqual(once.SelectMany(r => r));
        once.Distinct(new RowComparer()).Count().Should().Be(300, "every row has its own latent vector");
    }

    private static GanTransformer Train(MLContext mlContext, int? seed = null)
    {
        var options = TinyGan.Options(epochs: 3);
        options.Seed = seed;
        return mlContext.Gan().Trainer(options).Fit(RingMixture.Create(new MLContext(seed: 0), rows: 256, seed: 3));
    }

    private static float[][] Samples(GanTransformer model) => GeneratedRows.Read(model.Generate(64, seed: 1), "Features").ToArray();

    private sealed class RowComparer : System.Collections.Generic.IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(float[] obj) => obj.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
    }
}
