using System;
using System.IO;
using SkiaSharp;

namespace Microsoft.ML.Gan;

/// <summary>
/// An opaque BGRA bitmap that is filled in place and saved as PNG by SkiaSharp (the version Microsoft.ML.ImageAnalytics
/// uses). One canvas serves many images of the same size, so writing a file per row allocates no pixel buffer per row.
/// </summary>
internal sealed class PngCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKPixmap _pixmap;

    public PngCanvas(int width, int height)
    {
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        _pixmap = _bitmap.PeekPixels() ?? throw new InvalidOperationException("SkiaSharp did not allocate the bitmap's pixels.");
    }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>Bytes from one image row to the next.</summary>
    public int RowBytes => _pixmap.RowBytes;

    /// <summary>The pixels, 4 bytes (B, G, R, A) each, rows <see cref="RowBytes"/> apart.</summary>
    public Span<byte> Pixels => _pixmap.GetPixelSpan<byte>();

    /// <summary>The pixels of the tile whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public Span<byte> At(int x, int y) => Pixels[((y * RowBytes) + (x * 4))..];

    public void Fill(SKColor color) => _bitmap.Erase(color);

    /// <summary>Writes the bitmap to <paramref name="path"/> as PNG, creating its folder if needed.</summary>
    public void SavePng(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var file = File.Create(path);
        if (!_pixmap.Encode(file, SKEncodedImageFormat.Png, quality: 100))
        {
            throw new IOException($"SkiaSharp could not encode the {Width} × {Height} image as PNG.");
        }
    }

    public void Dispose()
    {
        _pixmap.Dispose();
        _bitmap.Dispose();
    }
}
