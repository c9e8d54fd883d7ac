using FluentAssertions;
using Microsoft.ML.Gan.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.CycleGan;

/// <summary>The CycleGAN building blocks on their own: network shapes, the cycle and identity losses, the image pool.</summary>
public sealed class CycleGanNetworkTests
{
    [Theory]
    [InlineData(28, 1, 2)]
    [InlineData(32, 3, 2)]
    [InlineData(64, 1, 1)]
    public void Generator_returns_images_of_its_input_shape_in_the_tanh_range(int size, int channels, int downsamplings)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1, CPU);
        using var generator = new ResnetGenerator(size, channels, baseWidth: 4, downsamplings, residualBlocks: 2);
        DcganLayers.Initialize(generator, random);

        var output = generator.forward(ImageBatches.Blobs(3, channels, size, random));

        output.size().Should().Equal(3, channels * size * size);
        output.abs().max().item<float>().Should().BeLessThanOrEqualTo(1f);
    }

    [Theory]
    [InlineData(28, 1, 6)]
    [InlineData(32, 3, 7)]
    [InlineData(64, 1, 15)]
    public void Patch_discriminator_scores_a_map_of_overlapping_patches(int size, int channels, int side)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1, CPU);
        using var discriminator = new PatchDiscriminator(size, channels, baseWidth: 4);

        var scores = discriminator.forward(ImageBatches.Noise(5, channels, size, random));

        scores.size().Should().Equal(5, side * side);
    }

    [Fact]
    public void Cycle_loss_is_zero_for_identity_generators()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(2, CPU);
        using var identity = nn.Identity();
        var a = ImageBatches.Noise(4, 1, 28, random);
        var b = ImageBatches.Blobs(4, 1, 28, random);

        CycleConsistency.CycleLoss(identity, identity, a, b).item<float>().Should().Be(0f);
    }

    [Fact]
    public void Cycle_loss_is_the_mean_absolute_reconstruction_error_of_both_cycles()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(3, CPU);
        using var halve = new Scaling(0.5);
        using var identity = nn.Identity();
        var a = ImageBatches.Noise(4, 1, 28, random);
        var b = ImageBatches.Blobs(4, 1, 28, random);

        // F(G(x)) = x/2 in both directions, so each cycle misses by |x|/2.
        var expected = a.abs().mean().item<float>() / 2 + b.abs().mean().item<float>() / 2;
        CycleConsistency.CycleLoss(halve, identity, a, b).item<float>().Should().BeApproximately(expected, 1e-6f);
        CycleConsistency.L1(a, halve.forward(a)).item<float>().Should().BeApproximately(a.abs().mean().item<float>() / 2, 1e-6f);
    }

    [Fact]
    public void Image_pool_passes_images_through_until_full_then_mixes_in_stored_ones()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(4, CPU);
        using var pool = new ImagePool(capacity: 6, rowLength: 10, CPU, seed: 1);
        var first = rand(6, 10, generator: random);

        Tensors.Identical(pool.Query(first), first).Should().BeTrue("the pool stores and returns the first images until it is full");
        pool.Count.Should().Be(6);

        var second = rand(40, 10, generator: random);
        var answered = pool.Query(second);
        var fromPool = 0;
        for (var i = 0; i < 40; i++)
        {
            var row = answered[i];
            if (!Tensors.Identical(row, second[i]))
            {
                fromPool++;
                // A swapped-in image is one shown to the pool before: one of the first batch or an earlier row of this one.
                var seen = cat([first, second.narrow(0, 0, i)]);
                seen.sub(row).abs().sum(1).min().item<float>().Should().Be(0f);
            }
        }

        fromPool.Should().BeInRange(10, 30, "about half the images are swapped for stored ones");
    }

    [Fact]
    public void Image_pool_of_size_zero_returns_its_input()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(5, CPU);
        using var pool = new ImagePool(capacity: 0, rowLength: 10, CPU, seed: 1);
        var images = rand(8, 10, generator: random);

        Tensors.Identical(pool.Query(images), images).Should().BeTrue();
    }

    private sealed class Scaling(double factor) : nn.Module<Tensor, Tensor>("Scaling")
    {
        private readonly Scalar _factor = factor.ToScalar();

        public override Tensor forward(Tensor input) => input.mul(_factor);

        protected override void Dispose(bool disposing)
        {
            _factor.Dispose();
            base.Dispose(disposing);
        }
    }
}
