using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>The DCGAN networks through the trainer: shape inference, options, generation and persistence.</summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class DcganTrainingTests
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly IDataView _digits;

    public DcganTrainingTests()
    {
        // 256 digits of every class (the bundled rows are sorted by class), small enough for a test.
        _digits = _mlContext.Data.TakeRows(_mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 3), 256);
    }

    [Fact]
    public void Trains_on_784_pixel_rows_inferring_one_channel_of_28_by_28_and_saves_with_its_average()
    {
        var options = Options(epochs: 2);
        options.GeneratorAverageDecay = 0.9;
        using var model = _mlContext.Gan().Trainer(options).Fit(_digits);

        model.Model.Settings.ImageSize.Should().Be(28);
        model.Model.Settings.ImageChannels.Should().Be(1);
        model.Model.GeneratorAverage.Should().NotBeNull();
        var rows = GeneratedRows.Read(model.Generate(16, seed: 1), "Features");
        rows.Should().HaveCount(16).And.OnlyContain(r => r.Length == 784 && r.All(v => v >= -1e-5f && v <= 1 + 1e-5f));

        var path = Path.Combine(Path.GetTempPath(), $"ganml-dcgan-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, _digits.Schema, path);
            var loader = new MLContext();
            loader.Gan();
            using var loaded = (GanTransformer)loader.Model.Load(path, out _);
            GeneratedRows.Read(loaded.Generate(16, seed: 1), "Features").Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Spectral_normalisation_without_batch_norm_trains_with_the_hinge_loss()
    {
        var options = Options(epochs: 1);
        options.Loss = GanLoss.Hinge;
        options.DiscriminatorBatchNorm = false;
        options.SpectralNormalization = true;

        using var model = _mlContext.Gan().Trainer(options).Fit(_digits);

        model.TrainingHistory.Should().ContainSingle().Which.DiscriminatorLoss.Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData(GanLoss.WassersteinGradientPenalty)]
    [InlineData(GanLoss.Wasserstein)]
    public void Wasserstein_losses_with_batch_norm_in_D_are_rejected(GanLoss loss)
    {
        var options = Options(epochs: 1);
        options.Loss = loss;

        var create = () => _mlContext.Gan().Trainer(options);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"GanTrainer.Options.DiscriminatorBatchNorm must be false with {loss}:*");
    }

    [Fact]
    public void Images_share_one_scaling_range_for_every_pixel()
    {
        using var model = _mlContext.Gan().Trainer(Options(epochs: 1)).Fit(_digits);

        // MNIST pixels span [0, 1]; a constant border pixel must not get a range of its own.
        model.Model.Scaling.Center.Should().OnlyContain(c => c == 0.5f);
        model.Model.Scaling.HalfRange.Should().OnlyContain(h => h == 0.5f);
    }

    [Theory]
    [InlineData(1f, 0f, 1 / 255f, 0f)]            // pixels in [0, 1]
    [InlineData(2f, -1f, 1 / 127.5f, 127.5f)]     // pixels in [−1, 1]
    [InlineData(255f, 0f, 1f, 0f)]                // ExtractPixels' default: 0–255
    public void ImageShape_reads_the_pixel_scale_from_the_training_range(float scale, float shift, float expectedScale, float expectedOffset)
    {
        var rows = GeneratedRows.Read(_mlContext.Data.TakeRows(_digits, 64), "Features")
            .Select(row => new Digit { Features = row.Select(v => (v * scale) + shift).ToArray() });
        using var model = _mlContext.Gan().Trainer(Options(epochs: 1)).Fit(_mlContext.Data.LoadFromEnumerable(rows));

        model.ImageShape.Should().Be(ImageShape.Grayscale(28, 28, expectedScale, expectedOffset));
    }

    [Fact]
    public void An_MLP_model_has_no_image_shape()
    {
        using var model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)).Fit(Samples.Toy.RingMixture.Create(_mlContext, 64, seed: 1));

        model.ImageShape.Should().BeNull();
    }

    [Fact]
    public void A_feature_column_that_is_not_a_square_image_is_explained()
    {
        var options = Options(epochs: 1);

        var fit = () => _mlContext.Gan().Trainer(options).Fit(Samples.Toy.RingMixture.Create(_mlContext, 128, seed: 1));

        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The DCGAN networks need square images of 28, 32 or 64 pixels*has 2 slots*");
    }

    private sealed class Digit
    {
        [Microsoft.ML.Data.VectorType(784)]
        public float[] Features { get; set; } = [];
    }

    private static GanTrainer.Options Options(int epochs) => new()
    {
        Network = GanNetwork.Dcgan,
        ConvolutionWidth = 8,
        LatentDimension = 16,
        BatchSize = 32,
        Epochs = epochs,
    };
}
