using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.CycleGan;

/// <summary>Inputs CycleGAN cannot train on or translate fail before any training, with a message that says why.</summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class CycleGanBadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Domains_with_different_image_sizes_are_rejected()
    {
        var fit = () => _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1)).Fit(Images(784), Images(1024));

        fit.Should().Throw<ArgumentException>()
            .WithMessage("CycleGAN translates between images of one shape, but domain A holds 1×28×28 images and domain B holds 1×32×32*")
            .And.ParamName.Should().Be("domainB");
    }

    [Fact]
    public void Domains_with_different_channel_counts_are_rejected()
    {
        var fit = () => _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1)).Fit(Images(3 * 784), Images(784));

        fit.Should().Throw<ArgumentException>()
            .WithMessage("*domain A holds 3×28×28 images and domain B holds 1×28×28*ConvertToGrayscale*");
    }

    [Fact]
    public void A_column_that_holds_no_supported_image_is_rejected()
    {
        var fit = () => _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1)).Fit(Images(100), Images(100));

        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The CycleGAN networks need square images of 28, 32 or 64 pixels*has 100 slots*");
    }

    [Fact]
    public void One_view_without_a_boolean_domain_column_is_rejected()
    {
        var trainer = _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1));

        trainer.Invoking(t => t.Fit(Images(784))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Could not find domain column 'IsDomainB'*");
    }

    [Fact]
    public void Transforming_images_of_another_size_is_rejected()
    {
        using var model = _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1)).Fit(Images(784), Images(784));

        model.Invoking(m => m.Transform(Images(1024))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for feature column 'Features': expected a vector of 784 slots (1×28×28 images, the model's), got 1024*");
    }

    [Fact]
    public void Fewer_images_than_a_batch_are_rejected()
    {
        var fit = () => _mlContext.Gan().CycleGan(CycleGanDigits.TinyOptions(1)).Fit(Images(784, rows: 16), Images(784, rows: 4));

        fit.Should().Throw<InvalidOperationException>().WithMessage("BatchSize (8) is larger than the number of domain B images (4)*");
    }

    [Fact]
    public void Invalid_options_are_rejected_when_the_trainer_is_created()
    {
        var options = CycleGanDigits.TinyOptions(1);
        options.CycleWeight = -1;

        _mlContext.Gan().Invoking(g => g.CycleGan(options)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("CycleGanTrainer.Options.CycleWeight must be finite and at least 0.*");
    }

    private IDataView Images(int length, int rows = 16)
    {
        var random = new Random(length);
        var builder = new ArrayDataViewBuilderShim(length);
        return builder.Build(_mlContext, Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray()));
    }

    // LoadFromEnumerable needs the vector size at compile time; a schema definition sets it per test.
    private sealed class ArrayDataViewBuilderShim(int length)
    {
        public IDataView Build(MLContext mlContext, System.Collections.Generic.IEnumerable<float[]> images)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
            return mlContext.Data.LoadFromEnumerable(images.Select(pixels => new Row { Features = pixels }), schema);
        }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
