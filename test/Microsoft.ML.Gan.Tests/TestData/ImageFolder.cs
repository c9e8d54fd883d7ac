using System;
using System.IO;
using Microsoft.ML.Gan.Tests.Imaging;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>A folder of small PNG files (a bright square at a random place on a dark background), like a user's images.</summary>
internal static class ImageFolder
{
    public static void Write(string folder, int count, int width, int height, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (left, top, side) = (random.Next(width / 2), random.Next(height / 2), Math.Min(width, height) / 3);
            var colour = ((byte)random.Next(128, 256), (byte)random.Next(128, 256), (byte)random.Next(128, 256));
            var pixels = new (byte R, byte G, byte B)[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var inside = x >= left && x < left + side && y >= top && y < top + side;
                    pixels[(y * width) + x] = inside ? colour : ((byte)20, (byte)20, (byte)30);
                }
            }

            using var image = Pixels.Image(width, height, pixels);
            GanImages.WritePng(image, Path.Combine(folder, $"image-{i:D3}.png"));
        }
    }
}
