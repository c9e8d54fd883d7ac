using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Writes pixels as 8-bit BGRA, the layout of <see cref="MLPixelFormat.Bgra32"/> and of SkiaSharp's <c>Bgra8888</c>:
/// from a row laid out as <see cref="ImageShape"/> describes, or from an <see cref="MLImage"/>.
/// </summary>
internal static class ImagePixels
{
    /// <summary>
    /// Converts <paramref name="row"/> into <paramref name="destination"/>, whose image rows are
    /// <paramref name="rowBytes"/> apart (so a tile of a larger image can be written in place).
    /// </summary>
    public static void FromRow(ReadOnlySpan<float> row, ImageShape shape, Span<byte> destination, int rowBytes)
    {
        if (row.Length != shape.Length)
        {
            throw new ArgumentException(
                $"The row has {row.Length} values; an image of {shape.Width} × {shape.Height} × {shape.Channels} needs {shape.Length}.", nameof(row));
        }

        var (red, green, blue) = ChannelIndices(shape);
        float scale = shape.ScaleImage;
        float offset = shape.OffsetImage;
        int pixels = shape.Width * shape.Height;

        // Planar rows step one value per pixel with planes a whole image apart; interleaved rows do the opposite.
        int pixelStep = shape.Interleaved ? shape.Channels : 1;
        int planeStep = shape.Interleaved ? 1 : pixels;
        for (int y = 0; y < shape.Height; y++)
        {
            var line = destination.Slice(y * rowBytes, shape.Width * 4);
            int source = y * shape.Width * pixelStep;
            for (int x = 0; x < shape.Width; x++, source += pixelStep)
            {
                var pixel = line.Slice(x * 4, 4);
                pixel[0] = ToByte(row[source + (blue * planeStep)], scale, offset);
                pixel[1] = ToByte(row[source + (green * planeStep)], scale, offset);
                pixel[2] = ToByte(row[source + (red * planeStep)], scale, offset);
                pixel[3] = byte.MaxValue;
            }
        }
    }

    /// <summary>Copies <paramref name="image"/> into <paramref name="destination"/> as opaque BGRA.</summary>
    public static void FromImage(MLImage image, Span<byte> destination, int rowBytes)
    {
        var source = image.Pixels;
        int width = image.Width;
        if (source.Length != width * image.Height * 4)
        {
            throw new NotSupportedException($"Images of {image.BitsPerPixel} bits per pixel with padded rows are not supported.");
        }

        bool rgba = image.PixelFormat == MLPixelFormat.Rgba32;
        if (!rgba && image.PixelFormat != MLPixelFormat.Bgra32)
        {
            throw new NotSupportedException($"Images in pixel format {image.PixelFormat} are not supported.");
        }

        for (int y = 0; y < image.Height; y++)
        {
            var from = source.Slice(y * width * 4, width * 4);
            var to = destination.Slice(y * rowBytes, width * 4);
            for (int i = 0; i < from.Length; i += 4)
            {
                to[i] = rgba ? from[i + 2] : from[i];
                to[i + 1] = from[i + 1];
                to[i + 2] = rgba ? from[i] : from[i + 2];

                // PNGs of generated samples are opaque; a transparent pixel would hide its colour in most viewers.
                to[i + 3] = byte.MaxValue;
            }
        }
    }

    /// <summary>The inverse of ExtractPixels' <c>(pixel − offset) × scale</c>, rounded and clamped to a byte.</summary>
    public static byte ToByte(float value, float scale, float offset)
    {
        float pixel = (value / scale) + offset;
        if (!(pixel > 0))
        {
            return 0; // also NaN
        }

        return pixel >= 255 ? byte.MaxValue : (byte)MathF.Round(pixel, MidpointRounding.AwayFromZero);
    }

    /// <summary>Where red, green and blue sit among a pixel's channels; a grey row uses its one channel for all three.</summary>
    public static (int Red, int Green, int Blue) ChannelIndices(ImageShape shape)
    {
        if (shape.Channels == 1)
        {
            return (0, 0, 0);
        }

        // ImageColorOrder (as ColorsOrder) names the order with alpha first (ARGB, ABGR, ...); without alpha the colours keep their order.
        return shape.Order switch
        {
            ImageColorOrder.ARGB => (0, 1, 2),
            ImageColorOrder.ARBG => (0, 2, 1),
            ImageColorOrder.ABRG => (1, 2, 0),
            ImageColorOrder.ABGR => (2, 1, 0),
            ImageColorOrder.AGRB => (1, 0, 2),
            _ => (2, 0, 1), // AGBR
        };
    }
}
