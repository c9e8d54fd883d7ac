using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Conditional;

/// <summary>
/// The DCGAN networks conditioned on a label: 28×28 images whose class decides which half is lit; generated images
/// light the half of the class they were asked for, and a saved model generates the same images; also with DiffAugment on
/// D's inputs.
/// </summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class ConditionalDcganTests
{
    private const int Side = 28;
    private readonly MLContext _mlContext = new(seed: 4);

    [Theory]
    [InlineData(GanImageAugmentation.None)]
    [InlineData(GanImageAugmentation.Color | GanImageAugmentation.Translation | GanImageAugmentation.Cutout)]
    public void Generated_images_follow_their_label_and_survive_save_and_load(GanImageAugmentation augmentation)
    {
        var options = new GanTrainer.Options
        {
            Network = GanNetwork.Dcgan,
            ConvolutionWidth = 8,
            LatentDimension = 16,
            BatchSize = 32,
            // D sees transformed images, so the label's signal reaches G more slowly (12 epochs left it at chance).
            Epochs = augmentation == GanImageAugmentation.None ? 12 : 40,
            LabelColumnName = "Label",
            MismatchedConditionWeight = 1,
            DiscriminatorAugmentation = augmentation,
        };
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 320).Select(i => HalfLit(i % 2, new Random(i))));
        using var model = _mlContext.Gan().Trainer(options).Fit(data);

        var generated = _mlContext.Data.CreateEnumerable<HalfLitImage>(model.GeneratePerClass(25, seed: 2), reuseRowObject: false).ToList();

        generated.Should().HaveCount(50);
        generated.Count(image => LitHalf(image.Features) == image.Label).Should().BeGreaterThanOrEqualTo(45, "an image asked for class k lights half k");
        var path = Path.Combine(Path.GetTempPath(), $"ganml-cdcgan-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, data.Schema, path);
            var loader = new MLContext();
            loader.Gan();
            using var loaded = (GanTransformer)loader.Model.Load(path, out _);
            loaded.Model.Settings.DiscriminatorAugmentation.Should().Be(augmentation);
            GeneratedRows.Read(loaded.GeneratePerClass(25, seed: 2), "Features").Should()
                .BeEquivalentTo(generated.Select(g => g.Features), o => o.WithStrictOrdering());
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Class 0 lights the left half, class 1 the right half, with a little noise everywhere.
    private static HalfLitImage HalfLit(int label, Random random) => new()
    {
        Label = label,
        Features = Enumerable.Range(0, Side * Side)
            .Select(p => (p % Side < Side / 2) == (label == 0) ? 0.8f + (0.2f * random.NextSingle()) : 0.2f * random.NextSingle())
            .ToArray(),
    };

    private static int LitHalf(float[] pixels)
    {
        var left = Enumerable.Range(0, pixels.Length).Where(p => p % Side < Side / 2).Average(p => pixels[p]);
        var right = Enumerable.Range(0, pixels.Length).Where(p => p % Side >= Side / 2).Average(p => pixels[p]);
        return left > right ? 0 : 1;
    }

    private sealed class HalfLitImage
    {
        public int Label { get; set; }

        [VectorType(Side * Side)]
        public float[] Features { get; set; } = [];
    }
}
