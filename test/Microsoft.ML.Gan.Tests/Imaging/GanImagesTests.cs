using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using SkiaSharp;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Imaging;

/// <summary>Rows become images and PNG files with the pixels they describe.</summary>
public sealed class GanImagesTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ToImage_reads_a_planar_rgb_row_as_red_green_and_blue_planes()
    {
        // 2 × 1 pixels: R plane, G plane, B plane, in [0, 1] as ExtractPixels(scaleImage: 1 / 255f) writes them.
        float[] row = [10 / 255f, 200 / 255f, 20 / 255f, 100 / 255f, 30 / 255f, 0f];

        using var image = GanImages.ToImage(row, ImageShape.Rgb(2, 1, scaleImage: 1 / 255f));

        image.Width.Should().Be(2);
        image.Height.Should().Be(1);
        image.PixelFormat.Should().Be(MLPixelFormat.Bgra32);
        Pixels.All(image).Should().Equal((10, 20, 30, 255), (200, 100, 0, 255));
    }

    [Fact]
    public void ToImage_reads_interleaved_rows_and_other_colour_orders()
    {
        float[] interleaved = [10, 20, 30, 200, 100, 0];
        float[] planarBgr = [30, 0, 20, 100, 10, 200];

        using var fromInterleaved = GanImages.ToImage(interleaved, 2, 1, 3, interleaved: true);
        using var fromBgr = GanImages.ToImage(planarBgr, new ImageShape(2, 1, 3, order: ImageColorOrder.ABGR));

        Pixels.All(fromInterleaved).Should().Equal((10, 20, 30, 255), (200, 100, 0, 255));
        Pixels.All(fromBgr).Should().Equal((10, 20, 30, 255), (200, 100, 0, 255));
    }

    [Fact]
    public void ToImage_reads_one_channel_as_grey_and_clamps_rounds_and_zeroes_NaN()
    {
        // [−1, 1] rows: ExtractPixels(scaleImage: 2 / 255f, offsetImage: 127.5f).
        var shape = ImageShape.Grayscale(3, 2, scaleImage: 2 / 255f, offsetImage: 127.5f);
        float[] row = [-1f, 0f, 1f, 1.3f, -7f, float.NaN];

        using var image = GanImages.ToImage(row, shape);

        // 0 maps to 127.5, which rounds away from zero; overshoot clamps instead of wrapping.
        Pixels.All(image).Select(p => p.R).Should().Equal(0, 128, 255, 255, 0, 0);
        Pixels.All(image).Should().OnlyContain(p => p.R == p.G && p.G == p.B && p.A == 255);
    }

    [Fact]
    public void ToImage_rejects_a_row_of_the_wrong_length_and_an_empty_shape()
    {
        var wrongLength = () => GanImages.ToImage(new float[5], ImageShape.Grayscale(2, 2));
        var empty = () => GanImages.ToImage(new float[4], default(ImageShape));
        var fourChannels = () => new ImageShape(2, 2, 4);

        wrongLength.Should().Throw<ArgumentException>().WithMessage("*5 values*needs 4*");
        empty.Should().Throw<ArgumentException>().WithMessage("*shape is empty*");
        fourChannels.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("channels");
    }

    [Fact]
    public void WritePng_writes_a_png_whose_decoded_pixels_are_the_row()
    {
        var path = _folder.File("one.png");
        // Planar RGB, pixel values as ExtractPixels' defaults (scale 1, offset 0) give them.
        float[] row = [0, 64, 128, 255, 12, 34, 56, 78, 90, 100, 110, 120, 1, 2, 3, 4, 5, 6];

        GanImages.WritePng(row, ImageShape.Rgb(3, 2), path);

        File.ReadAllBytes(path).Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        using var decoded = MLImage.CreateFromFile(path);
        decoded.Width.Should().Be(3);
        decoded.Height.Should().Be(2);
        Pixels.All(decoded).Should().Equal(
            (0, 56, 1, 255), (64, 78, 2, 255), (128, 90, 3, 255),
            (255, 100, 4, 255), (12, 110, 5, 255), (34, 120, 6, 255));
    }

    [Fact]
    public void WritePngs_writes_one_decodable_file_per_row_in_row_order()
    {
        var rows = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new GreyRow { Pixels = [i * 10, i * 10 + 1, i * 10 + 2, i * 10 + 3] }));

        var written = GanImages.WritePngs(rows, nameof(GreyRow.Pixels), ImageShape.Grayscale(2, 2), Path.Combine(_folder.Path, "out"), "gen");

        written.Should().Be(3);
        Directory.GetFiles(Path.Combine(_folder.Path, "out")).Select(Path.GetFileName).Should().BeEquivalentTo("gen-00000.png", "gen-00001.png", "gen-00002.png");
        using var last = Pixels.Decode(Path.Combine(_folder.Path, "out", "gen-00002.png"));
        last.Width.Should().Be(2);
        last.Height.Should().Be(2);
        new[] { last.GetPixel(0, 0), last.GetPixel(1, 0), last.GetPixel(0, 1), last.GetPixel(1, 1) }
            .Should().Equal(new SKColor(20, 20, 20), new SKColor(21, 21, 21), new SKColor(22, 22, 22), new SKColor(23, 23, 23));
    }

    [Fact]
    public void WriteGrid_tiles_rows_left_to_right_with_black_padding()
    {
        var rows = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(1, 5).Select(i => new GreyRow { Pixels = [i * 40, i * 40, i * 40, i * 40] }));
        var path = _folder.File("grid.png");

        var tiles = GanImages.WriteGrid(rows, nameof(GreyRow.Pixels), ImageShape.Grayscale(2, 2), gridRows: 2, gridColumns: 3, path, padding: 1);

        tiles.Should().Be(5);
        using var grid = Pixels.Decode(path);
        grid.Width.Should().Be((3 * (2 + 1)) + 1);
        grid.Height.Should().Be((2 * (2 + 1)) + 1);
        grid.GetPixel(0, 0).Should().Be(SKColors.Black);
        grid.GetPixel(1, 1).Should().Be(new SKColor(40, 40, 40));   // tile 0
        grid.GetPixel(5, 2).Should().Be(new SKColor(80, 80, 80));   // tile 1, bottom-right pixel
        grid.GetPixel(3, 1).Should().Be(SKColors.Black);           // padding between tiles
        grid.GetPixel(4, 5).Should().Be(new SKColor(200, 200, 200)); // tile 4 (second row, second column)
        grid.GetPixel(8, 5).Should().Be(SKColors.Black);           // tile 5 has no row
    }

    [Fact]
    public void WriteLossCurve_writes_a_png_of_the_requested_size_that_is_not_blank()
    {
        var history = Enumerable.Range(1, 20)
            .Select(e => new GanEpochSummary(e, 1.4 - (0.02 * e), 0.6 + (0.03 * e), 2.0 / e, 10, 2, TimeSpan.FromMilliseconds(5)))
            .ToList();
        var path = _folder.File("loss.png");

        GanImages.WriteLossCurve(history, path, width: 640, height: 360);

        using var plot = Pixels.Decode(path);
        plot.Width.Should().Be(640);
        plot.Height.Should().Be(360);
        var background = plot.GetPixel(1, 1);
        background.Should().Be(SKColors.White);
        var colours = plot.Pixels.Where(p => p != background).ToList();
        colours.Count.Should().BeGreaterThan(640 * 360 / 100, "the axes, labels and lines are drawn");

        // The discriminator (blue), generator (orange) and Wasserstein (green) lines each leave their colour.
        colours.Should().Contain(new SKColor(0x1F, 0x77, 0xB4));
        colours.Should().Contain(new SKColor(0xFF, 0x7F, 0x0E));
        colours.Should().Contain(new SKColor(0x2C, 0xA0, 0x2C));
    }

    [Fact]
    public void WriteLossCurve_needs_at_least_one_epoch()
    {
        var write = () => GanImages.WriteLossCurve([], _folder.File("none.png"));

        write.Should().Throw<ArgumentException>().WithMessage("*history is empty*");
    }

    [Fact]
    public void Writers_explain_a_column_that_does_not_hold_the_shape()
    {
        var rows = _mlContext.Data.LoadFromEnumerable(new[] { new GreyRow { Pixels = [1, 2, 3, 4] } });

        var wrongSize = () => GanImages.WritePngs(rows, nameof(GreyRow.Pixels), ImageShape.Grayscale(3, 3), _folder.Path);
        var missing = () => GanImages.WriteGrid(rows, "Nope", ImageShape.Grayscale(2, 2), 1, 1, _folder.File("g.png"));
        var noShape = () => GanImages.WritePngs(rows, nameof(GreyRow.Pixels), _folder.Path);

        wrongSize.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*has 4 slots*needs 9*");
        missing.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Could not find column 'Nope'*");
        noShape.Should().Throw<ArgumentException>().WithMessage("*pass the ImageShape*");
    }

    private sealed class GreyRow
    {
        [VectorType(4)]
        public float[] Pixels { get; set; } = [];
    }
}
