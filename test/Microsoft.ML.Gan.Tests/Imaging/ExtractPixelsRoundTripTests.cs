using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Microsoft.ML.Transforms.Image;
using Xunit;
using static Microsoft.ML.Transforms.Image.ImagePixelExtractingEstimator;

namespace Microsoft.ML.Gan.Tests.Imaging;

/// <summary>
/// ImageShape inverts ML.NET's ExtractPixels exactly: an image made into a row by ExtractPixels comes back with the
/// same pixels, for grey and colour images and each layout setting.
/// </summary>
public sealed class ExtractPixelsRoundTripTests
{
    private const int Width = 5;
    private const int Height = 3;

    private readonly MLContext _mlContext = new(seed: 1);

    public static TheoryData<float, float, bool, ColorsOrder> Settings() => new()
    {
        { 1f, 0f, false, ColorsOrder.ARGB },          // ExtractPixels' defaults: planar R, G, B in 0..255
        { 1 / 255f, 0f, false, ColorsOrder.ARGB },    // [0, 1]
        { 2 / 255f, 127.5f, false, ColorsOrder.ARGB }, // [−1, 1]
        { 1 / 255f, 0f, true, ColorsOrder.ARGB },     // interleaved
        { 1f, 0f, false, ColorsOrder.ABGR },          // BGR planes
        { 0.5f, 10f, true, ColorsOrder.AGBR },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Colour_images_survive_ExtractPixels_then_ToImage(float scale, float offset, bool interleaved, ColorsOrder order)
    {
        var colours = Colours().ToArray();
        var row = Extract(Pixels.Image(Width, Height, colours), grey: false, scale, offset, interleaved, order);

        using var back = GanImages.ToImage(row, new ImageShape(Width, Height, 3, scale, offset, interleaved, (ImageColorOrder)order));

        Pixels.All(back).Should().Equal(colours.Select(c => (c.R, c.G, c.B, (byte)255)));
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1 / 255f, 0f)]
    [InlineData(2 / 255f, 127.5f)]
    public void Grey_images_survive_ConvertToGrayscale_ExtractPixels_then_ToImage(float scale, float offset)
    {
        var colours = Colours().ToArray();
        var row = Extract(Pixels.Image(Width, Height, colours), grey: true, scale, offset, interleaved: false, ColorsOrder.ARGB);
        row.Should().HaveCount(Width * Height);

        using var back = GanImages.ToImage(row, ImageShape.Grayscale(Width, Height, scale, offset));

        // ConvertToGrayscale sets red, green and blue to the grey level; the one-channel row is that level.
        var grey = GreyOf(Pixels.Image(Width, Height, colours));
        Pixels.All(back).Should().Equal(grey.Select(g => (g, g, g, (byte)255)));
    }

    [Fact]
    public void ExtractPixels_writes_pixel_minus_offset_times_scale_in_red_green_blue_planes()
    {
        var row = Extract(Pixels.Image(2, 1, (30, 20, 10), (60, 50, 40)), grey: false, scale: 2f, offset: 10f, interleaved: false, ColorsOrder.ARGB);

        // The convention ImageShape documents and inverts: value = (pixel − offset) × scale, planar R, G, B.
        row.Should().Equal(40, 100, 20, 80, 0, 60);
    }

    // ML.NET's image transforms dispose the images they read, so each call gets an image of its own.
    private float[] Extract(MLImage image, bool grey, float scale, float offset, bool interleaved, ColorsOrder order)
    {
        var data = Load(image);
        IEstimator<ITransformer> pipeline = grey
            ? _mlContext.Transforms.ConvertToGrayscale("Grey", "Image")
                .Append(_mlContext.Transforms.ExtractPixels("Row", "Grey", ColorBits.Red, order, interleaved, offsetImage: offset, scaleImage: scale))
            : _mlContext.Transforms.ExtractPixels("Row", "Image", ColorBits.Rgb, order, interleaved, offsetImage: offset, scaleImage: scale);

        return GeneratedRows.Read(pipeline.Fit(data).Transform(data), "Row").Single();
    }

    private static IEnumerable<(byte R, byte G, byte B)> Colours()
    {
        var random = new Random(7);
        yield return (0, 0, 0);
        yield return (255, 255, 255);
        yield return (255, 0, 0);
        for (int i = 3; i < Width * Height; i++)
        {
            yield return ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }
    }

    private List<byte> GreyOf(MLImage image)
    {
        var data = Load(image);
        var greyView = _mlContext.Transforms.ConvertToGrayscale("Grey", "Image").Fit(data).Transform(data);
        using var cursor = greyView.GetRowCursor([greyView.Schema["Grey"]]);
        var getter = cursor.GetGetter<MLImage>(greyView.Schema["Grey"]);
        MLImage grey = null!;
        cursor.MoveNext();
        getter(ref grey);
        using (grey)
        {
            return Pixels.All(grey).Select(p => p.R).ToList();
        }
    }

    // The image column needs its size in the type, which ML.NET reads from the ImageType attribute.
    private IDataView Load(MLImage image) => image.Width == 2
        ? _mlContext.Data.LoadFromEnumerable(new[] { new SmallImageRow { Image = image } })
        : _mlContext.Data.LoadFromEnumerable(new[] { new ImageRow { Image = image } });

    private sealed class ImageRow
    {
        [ImageType(Height, Width)]
        public MLImage? Image { get; set; }
    }

    private sealed class SmallImageRow
    {
        [ImageType(1, 2)]
        public MLImage? Image { get; set; }
    }
}
