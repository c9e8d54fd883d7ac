using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Microsoft.ML.Transforms.Image;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Imaging;

/// <summary>mlContext.Gan().ConvertToImage appends an MLImage column to generated rows, in pipelines and saved models.</summary>
public sealed class GeneratedImageEstimatorTests : IDisposable
{
    private static readonly ImageShape TwoByTwoRgb = ImageShape.Rgb(2, 2, scaleImage: 1 / 255f);

    private readonly MLContext _mlContext = new(seed: 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Transform_adds_an_image_column_with_the_pixels_of_ToImage()
    {
        var rows = Rows(3);
        var data = _mlContext.Data.LoadFromEnumerable(rows);

        var output = _mlContext.Gan().ConvertToImage("Image", TwoByTwoRgb).Fit(data).Transform(data);

        output.Schema["Image"].Type.Should().BeOfType<ImageDataViewType>().Which.Should().BeEquivalentTo(new { Height = 2, Width = 2 });
        var images = _mlContext.Data.CreateEnumerable<ImageOut>(output, reuseRowObject: false).ToList();
        images.Should().HaveCount(3);
        for (int i = 0; i < rows.Length; i++)
        {
            using var expected = GanImages.ToImage(rows[i].Generated, TwoByTwoRgb);
            using var actual = images[i].Image!;
            Pixels.All(actual).Should().Equal(Pixels.All(expected));
        }
    }

    [Fact]
    public void Image_columns_feed_the_png_writers()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Rows(4));
        var images = _mlContext.Gan().ConvertToImage("Image", TwoByTwoRgb).Fit(data).Transform(data);
        var path = _folder.File("grid.png");

        GanImages.WriteGrid(images, "Image", gridRows: 2, gridColumns: 2, path, padding: 0);
        var written = GanImages.WritePngs(images, "Image", _folder.Path);

        written.Should().Be(4);
        using var grid = Pixels.Decode(path);
        (grid.Width, grid.Height).Should().Be((4, 4));
        using var first = GanImages.ToImage(Rows(1)[0].Generated, TwoByTwoRgb);
        var (r, g, b, _) = Pixels.At(first, 1, 1);
        grid.GetPixel(1, 1).Should().Be(new SkiaSharp.SKColor(r, g, b));
    }

    [Fact]
    public void The_estimator_checks_the_input_column()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Rows(1));

        var wrongSize = () => _mlContext.Gan().ConvertToImage("Image", ImageShape.Rgb(3, 3)).Fit(data);
        var missing = () => _mlContext.Gan().ConvertToImage("Image", TwoByTwoRgb, "Nope").Fit(data);
        var schema = _mlContext.Gan().ConvertToImage("Image", TwoByTwoRgb).GetOutputSchema(
            new SchemaShape([MLNetInternals.CreateSchemaShapeColumn("Generated", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single)]));

        wrongSize.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*expected vector of Single with 27 slots*got Vector<Single, 12>*");
        missing.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Could not find input column 'Nope'*");
        schema.Select(c => c.Name).Should().Equal("Generated", "Image");
        schema.Last().ItemType.Should().BeOfType<ImageDataViewType>().Which.Should().BeEquivalentTo(new { Height = 2, Width = 2 });
    }

    [Fact]
    public void A_saved_pipeline_with_the_image_column_loads_and_gives_the_same_images()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Rows(2));
        var model = _mlContext.Gan().ConvertToImage(
            "Image", new ImageShape(2, 2, 3, scaleImage: 2 / 255f, offsetImage: 127.5f, interleaved: true, ImageColorOrder.ABGR)).Fit(data);
        var path = _folder.File("model.zip");
        _mlContext.Model.Save(model, data.Schema, path);

        var other = new MLContext();
        GeneratedImagePersistence.RegisterLoader(other);
        var loaded = (GeneratedImageTransformer)other.Model.Load(path, out _);

        loaded.Shape.Should().Be(model.Shape);
        (loaded.InputColumnName, loaded.OutputColumnName).Should().Be(("Generated", "Image"));
        var before = ReadPixels(model.Transform(data));
        var after = ReadPixels(loaded.Transform(data));
        after.Should().BeEquivalentTo(before, options => options.WithStrictOrdering());
    }

    [Fact]
    public void Appends_after_a_trained_gan()
    {
        // A tiny GAN on 2 × 2 grey "images" in 0..255: its generated rows become images and a grid.
        var random = new Random(3);
        var training = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 64)
            .Select(_ => new GeneratedRow { Generated = Enumerable.Range(0, 12).Select(_ => (float)random.Next(256)).ToArray() }));
        var options = TinyGan.Options(epochs: 1);
        options.FeatureColumnName = "Generated";
        using var gan = _mlContext.Gan().Trainer(options).Fit(training);

        var generated = gan.Generate(6, seed: 1);
        var images = _mlContext.Gan().ConvertToImage("Image", ImageShape.Rgb(2, 2)).Fit(generated).Transform(generated);
        var tiles = GanImages.WriteGrid(images, "Image", 2, 3, _folder.File("gan.png"));
        GanImages.WriteLossCurve(gan.TrainingHistory, _folder.File("loss.png"), 300, 200);

        tiles.Should().Be(6);
        using var loss = Pixels.Decode(_folder.File("loss.png"));
        (loss.Width, loss.Height).Should().Be((300, 200));
    }

    [Fact]
    public void MLNet_ConvertToImage_wraps_overshoot_and_drops_alpha_which_is_why_the_estimator_exists()
    {
        // If this starts failing, ML.NET's ConvertToImage changed and may now invert ExtractPixels safely.
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new GeneratedRow { Generated = [1.2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } });
        var view = _mlContext.Transforms.ConvertToImage(2, 2, "Image", "Generated", scaleImage: 255f).Fit(data).Transform(data);
        using var image = _mlContext.Data.CreateEnumerable<ImageOut>(view, reuseRowObject: false).Single().Image!;

        // 1.2 × 255 = 306 wraps to 50 instead of clamping to 255, and alpha is 0 (transparent).
        Pixels.At(image, 0, 0).Should().Be((50, 0, 0, 0));
    }

    private List<List<(byte R, byte G, byte B, byte A)>> ReadPixels(IDataView view) =>
        _mlContext.Data.CreateEnumerable<ImageOut>(view, reuseRowObject: false).Select(row =>
        {
            using var image = row.Image!;
            return Pixels.All(image);
        }).ToList();

    private static GeneratedRow[] Rows(int count) => Enumerable.Range(0, count)
        .Select(i => new GeneratedRow { Generated = Enumerable.Range(0, 12).Select(j => ((i * 12) + j) * 5 / 255f).ToArray() })
        .ToArray();

    private sealed class GeneratedRow
    {
        [VectorType(12)]
        public float[] Generated { get; set; } = [];
    }

    private sealed class ImageOut
    {
        [ImageType(2, 2)]
        public MLImage? Image { get; set; }
    }
}
