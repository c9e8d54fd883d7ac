using System.Collections.Generic;
using Microsoft.ML.Data;
using SkiaSharp;

namespace Microsoft.ML.Gan.Tests.Imaging;

/// <summary>Reads images back as (R, G, B, A) tuples, the way a test compares them.</summary>
internal static class Pixels
{
    public static (byte R, byte G, byte B, byte A) At(MLImage image, int x, int y)
    {
        var pixels = image.Pixels;
        int i = ((y * image.Width) + x) * 4;
        return image.PixelFormat == MLPixelFormat.Rgba32
            ? (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
            : (pixels[i + 2], pixels[i + 1], pixels[i], pixels[i + 3]);
    }

    public static List<(byte R, byte G, byte B, byte A)> All(MLImage image)
    {
        var all = new List<(byte, byte, byte, byte)>();
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                all.Add(At(image, x, y));
            }
        }

        return all;
    }

    /// <summary>Decodes a PNG with SkiaSharp, independently of the code that wrote it.</summary>
    public static SKBitmap Decode(string path) => SKBitmap.Decode(path)
        ?? throw new System.IO.InvalidDataException($"SkiaSharp could not decode '{path}'.");

    /// <summary>An opaque BGRA image from (R, G, B) triples in row-major order.</summary>
    public static MLImage Image(int width, int height, params (byte R, byte G, byte B)[] rgb)
    {
        var bgra = new byte[width * height * 4];
        for (int i = 0; i < rgb.Length; i++)
        {
            bgra[(i * 4) + 0] = rgb[i].B;
            bgra[(i * 4) + 1] = rgb[i].G;
            bgra[(i * 4) + 2] = rgb[i].R;
            bgra[(i * 4) + 3] = 255;
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
    }
}
