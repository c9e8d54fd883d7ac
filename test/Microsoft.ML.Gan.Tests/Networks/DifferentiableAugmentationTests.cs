using System;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>DiffAugment on the DCGAN discriminator's inputs: what each transformation does and which networks take it
/// (a conditional DCGAN trained with it: <see cref="Conditional.ConditionalDcganTests"/>).</summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class DifferentiableAugmentationTests
{
    private const int Size = 28;
    private const int Pixels = Size * Size;

    [Fact]
    public void Translation_moves_each_image_by_at_most_an_eighth_of_its_side_and_keeps_its_pixels()
    {
        using var scope = NewDisposeScope();
        var images = zeros(64, Pixels);
        images[.., (14 * Size) + 14] = tensor(1f);

        var moved = DifferentiableAugmentation.Apply(images, GanImageAugmentation.Translation, 1, Size, new Generator(1)).data<float>().ToArray();

        var positions = Enumerable.Range(0, 64).Select(i => moved.AsSpan(i * Pixels, Pixels).ToArray()).Select(image =>
        {
            image.Count(v => v != 0).Should().Be(1, "the single lit pixel stays inside the frame and nothing else lights up");
            var at = Array.FindIndex(image, v => v == 1f);
            return (Row: at / Size, Column: at % Size);
        }).ToList();
        positions.Should().OnlyContain(p => Math.Abs(p.Row - 14) <= 4 && Math.Abs(p.Column - 14) <= 4);
        positions.Distinct().Count().Should().BeGreaterThan(20, "each image draws its own shift");
    }

    [Fact]
    public void Cutout_zeroes_one_square_of_half_the_side_that_may_leave_the_frame()
    {
        using var scope = NewDisposeScope();
        var cut = DifferentiableAugmentation.Apply(ones(64, Pixels), GanImageAugmentation.Cutout, 1, Size, new Generator(2)).data<float>().ToArray();

        for (var i = 0; i < 64; i++)
        {
            var zeroed = Enumerable.Range(0, Pixels).Where(p => cut[(i * Pixels) + p] == 0).ToList();
            var height = (zeroed.Max(p => p / Size) - zeroed.Min(p => p / Size)) + 1;
            var width = (zeroed.Max(p => p % Size) - zeroed.Min(p => p % Size)) + 1;
            zeroed.Should().HaveCount(height * width, "the zeroed pixels form one rectangle");
            height.Should().BeInRange(7, 14);
            width.Should().BeInRange(7, 14);
        }
    }

    [Fact]
    public void Colour_shifts_brightness_within_a_half_and_leaves_the_condition_columns_alone()
    {
        using var scope = NewDisposeScope();
        var rows = cat([full(32, Pixels, 0.25f), eye(4).repeat(8, 1)], 1);

        var augmented = DifferentiableAugmentation.Apply(rows, GanImageAugmentation.Color, 1, Size, new Generator(3));

        // A flat image has no contrast to scale: only its brightness moves.
        var images = augmented.narrow(1, 0, Pixels);
        (images.max(1).values - images.min(1).values).max().item<float>().Should().BeLessThan(1e-6f);
        var shifts = images.select(1, 0).sub(0.25f).data<float>().ToArray();
        shifts.Should().OnlyContain(s => s >= -0.5f && s <= 0.5f);
        shifts.Distinct().Should().HaveCountGreaterThan(20);
        augmented.narrow(1, Pixels, 4).data<float>().ToArray().Should().Equal(rows.narrow(1, Pixels, 4).data<float>().ToArray());
    }

    [Fact]
    public void Gradients_reach_the_pixels_that_survive_and_no_others()
    {
        using var scope = NewDisposeScope();
        var images = rand(16, Pixels, generator: new Generator(4)).requires_grad_();

        DifferentiableAugmentation.Apply(images, GanImageAugmentation.Cutout, 1, Size, new Generator(5)).sum().backward();

        var gradient = images.grad!.data<float>().ToArray();
        gradient.Should().OnlyContain(g => g == 0f || g == 1f);
        gradient.Count(g => g == 1f).Should().BeInRange(16 * (Pixels - 196), 16 * (Pixels - 49));
    }

    [Fact]
    public void An_MLP_GAN_with_it_is_rejected_with_the_reason()
    {
        var options = new GanTrainer.Options { DiscriminatorAugmentation = GanImageAugmentation.Translation };

        var create = () => new MLContext(1).Gan().Trainer(options);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("GanTrainer.Options.DiscriminatorAugmentation *needs Network = GanNetwork.Dcgan*");
    }
}
