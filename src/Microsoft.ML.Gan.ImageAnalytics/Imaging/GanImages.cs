using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.ML.Data;
using SkiaSharp;

namespace Microsoft.ML.Gan;

/// <summary>
/// Turns generated rows back into images: one <see cref="MLImage"/>, one PNG per row, a grid of samples in one PNG, and
/// a PNG chart of the training losses.
/// </summary>
/// <remarks>
/// <para>Rows are read as <see cref="ImageShape"/> describes: pass the settings of the <c>ExtractPixels</c> transform
/// that made the training rows, and each generated row becomes the image it imitates (see <see cref="ImageShape"/> for
/// the layout and the exact inverse). Values outside the pixel range are clamped to [0, 255], as generated rows often
/// overshoot it a little. Images are opaque.</para>
/// <para>The methods that read an <see cref="IDataView"/> also accept a column of <see cref="MLImage"/> (for example the
/// output of <see cref="GanImageCatalogExtensions.ConvertToImage"/> or of ML.NET's <c>LoadImages</c>) through the
/// overloads without an <see cref="ImageShape"/>; images made by a <see cref="GeneratedImageTransformer"/> are disposed
/// once drawn, other images are left to their owner. PNG files are encoded by SkiaSharp, the library under
/// Microsoft.ML.ImageAnalytics; missing folders are created.</para>
/// </remarks>
public static class GanImages
{
    /// <summary>Converts one generated row into an image.</summary>
    /// <param name="row">The row: <see cref="ImageShape.Length"/> values laid out as <paramref name="shape"/> says.</param>
    /// <param name="shape">The image size and the <c>ExtractPixels</c> settings that made the training rows.</param>
    /// <returns>A new opaque <see cref="MLPixelFormat.Bgra32"/> image; dispose it when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="shape"/> is empty, or <paramref name="row"/> has the wrong length.</exception>
    public static MLImage ToImage(ReadOnlySpan<float> row, ImageShape shape)
    {
        shape = shape.Checked(nameof(shape));
        var pixels = new byte[shape.Width * shape.Height * 4];
        ImagePixels.FromRow(row, shape, pixels, shape.Width * 4);
        return MLImage.CreateFromPixels(shape.Width, shape.Height, MLPixelFormat.Bgra32, pixels);
    }

    /// <summary>Converts one generated row into an image; the parameters are those of <see cref="ImageShape"/>.</summary>
    /// <param name="row">The row: <paramref name="width"/> × <paramref name="height"/> × <paramref name="channels"/> values.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="channels">1 (grey) or 3 (red, green, blue).</param>
    /// <param name="scaleImage">The <c>scaleImage</c> given to <c>ExtractPixels</c>: pixel = value / scaleImage + offsetImage.</param>
    /// <param name="offsetImage">The <c>offsetImage</c> given to <c>ExtractPixels</c>.</param>
    /// <param name="interleaved">The <c>interleavePixelColors</c> given to <c>ExtractPixels</c>.</param>
    /// <returns>A new opaque <see cref="MLPixelFormat.Bgra32"/> image; dispose it when done.</returns>
    public static MLImage ToImage(ReadOnlySpan<float> row, int width, int height, int channels, float scaleImage = 1f, float offsetImage = 0f, bool interleaved = false) =>
        ToImage(row, new ImageShape(width, height, channels, scaleImage, offsetImage, interleaved));

    /// <summary>Writes one generated row as a PNG file.</summary>
    /// <param name="row">The row, laid out as <paramref name="shape"/> says.</param>
    /// <param name="shape">The image size and the <c>ExtractPixels</c> settings.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    public static void WritePng(ReadOnlySpan<float> row, ImageShape shape, string path)
    {
        shape = shape.Checked(nameof(shape));
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var canvas = new PngCanvas(shape.Width, shape.Height);
        ImagePixels.FromRow(row, shape, canvas.Pixels, canvas.RowBytes);
        canvas.SavePng(path);
    }

    /// <summary>Writes an image as a PNG file, whatever the extension of <paramref name="path"/>.</summary>
    /// <param name="image">A <see cref="MLPixelFormat.Bgra32"/> or <see cref="MLPixelFormat.Rgba32"/> image; written opaque.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    public static void WritePng(MLImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var canvas = new PngCanvas(image.Width, image.Height);
        ImagePixels.FromImage(image, canvas.Pixels, canvas.RowBytes);
        canvas.SavePng(path);
    }

    /// <summary>
    /// Writes each row of a generated vector column as a PNG file, <c>{prefix}-00000.png</c>, <c>{prefix}-00001.png</c>,
    /// ... in row order. Rows stream through one cursor and one bitmap.
    /// </summary>
    /// <param name="rows">The data, for example the result of <see cref="GanTransformer.Generate(long, long)"/>.</param>
    /// <param name="columnName">A known-size vector of <see cref="float"/> with <see cref="ImageShape.Length"/> slots.</param>
    /// <param name="shape">The image size and the <c>ExtractPixels</c> settings.</param>
    /// <param name="directory">The folder to write into; created if missing.</param>
    /// <param name="prefix">The start of every file name.</param>
    /// <returns>The number of files written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing, or is not a vector of <see cref="ImageShape.Length"/> floats.</exception>
    public static int WritePngs(IDataView rows, string columnName, ImageShape shape, string directory, string prefix = "sample") =>
        WritePngs(rows, columnName, (ImageShape?)shape, directory, prefix);

    /// <summary>Writes each image of an <see cref="MLImage"/> column as a PNG file, named as the other overload does.</summary>
    /// <param name="rows">The data.</param>
    /// <param name="columnName">A column of <see cref="MLImage"/>.</param>
    /// <param name="directory">The folder to write into; created if missing.</param>
    /// <param name="prefix">The start of every file name.</param>
    /// <returns>The number of files written.</returns>
    public static int WritePngs(IDataView rows, string columnName, string directory, string prefix = "sample") =>
        WritePngs(rows, columnName, null, directory, prefix);

    /// <summary>
    /// Writes the first <paramref name="gridRows"/> × <paramref name="gridColumns"/> rows of a generated vector column
    /// as one PNG of tiles, filled left to right, then top to bottom, on a black background. The image is
    /// <c>gridColumns × (width + padding) + padding</c> pixels wide and <c>gridRows × (height + padding) + padding</c>
    /// high; tiles without a row stay black.
    /// </summary>
    /// <param name="rows">The data.</param>
    /// <param name="columnName">A known-size vector of <see cref="float"/> with <see cref="ImageShape.Length"/> slots.</param>
    /// <param name="shape">The image size and the <c>ExtractPixels</c> settings.</param>
    /// <param name="gridRows">Tiles per column of the grid, at least 1.</param>
    /// <param name="gridColumns">Tiles per row of the grid, at least 1.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="padding">Pixels between tiles and around the grid, at least 0.</param>
    /// <returns>The number of tiles drawn.</returns>
    public static int WriteGrid(IDataView rows, string columnName, ImageShape shape, int gridRows, int gridColumns, string path, int padding = 2) =>
        WriteGrid(rows, columnName, (ImageShape?)shape, gridRows, gridColumns, path, padding);

    /// <summary>
    /// Writes the first images of an <see cref="MLImage"/> column as one PNG grid, like the other overload. All images
    /// must have the size of the first.
    /// </summary>
    /// <param name="rows">The data.</param>
    /// <param name="columnName">A column of <see cref="MLImage"/>.</param>
    /// <param name="gridRows">Tiles per column of the grid, at least 1.</param>
    /// <param name="gridColumns">Tiles per row of the grid, at least 1.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="padding">Pixels between tiles and around the grid, at least 0.</param>
    /// <returns>The number of tiles drawn.</returns>
    public static int WriteGrid(IDataView rows, string columnName, int gridRows, int gridColumns, string path, int padding = 2) =>
        WriteGrid(rows, columnName, null, gridRows, gridColumns, path, padding);

    /// <summary>
    /// Writes a PNG chart of the training history: the discriminator and generator losses per epoch, and the
    /// Wasserstein estimate when the loss has one, with axis titles, a title and a legend.
    /// </summary>
    /// <param name="history">At least one epoch, for example <see cref="GanTransformer.TrainingHistory"/>.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="width">Image width in pixels, from 100 to 10000.</param>
    /// <param name="height">Image height in pixels, from 100 to 10000.</param>
    /// <exception cref="ArgumentException"><paramref name="history"/> is empty.</exception>
    public static void WriteLossCurve(IReadOnlyList<GanEpochSummary> history, string path, int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (history.Count == 0)
        {
            throw new ArgumentException("The training history is empty: there is no epoch to plot.", nameof(history));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 10_000);
        LossCurvePlot.WritePng(LossCurvePlot.Create(history), path, width, height);
    }

    private static int WritePngs(IDataView rows, string columnName, ImageShape? shape, string directory, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"The prefix '{prefix}' is not valid in a file name.", nameof(prefix));
        }

        using var reader = ImageRowReader.Open(rows, columnName, shape);
        Directory.CreateDirectory(directory);
        PngCanvas? canvas = null;
        int written = 0;
        try
        {
            while (reader.MoveNext())
            {
                // Image columns may change size from row to row; vector rows never do.
                if (canvas is null || canvas.Width != reader.Width || canvas.Height != reader.Height)
                {
                    canvas?.Dispose();
                    canvas = new PngCanvas(reader.Width, reader.Height);
                }

                reader.WriteTo(canvas.Pixels, canvas.RowBytes);
                canvas.SavePng(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{written:D5}.png")));
                written++;
            }
        }
        finally
        {
            canvas?.Dispose();
        }

        return written;
    }

    private static int WriteGrid(IDataView rows, string columnName, ImageShape? shape, int gridRows, int gridColumns, string path, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentException.ThrowIfNullOrEmpty(path);

        using var reader = ImageRowReader.Open(rows, columnName, shape);
        PngCanvas? canvas = null;
        int tiles = 0;
        int tileWidth = 0;
        int tileHeight = 0;
        try
        {
            while (tiles < gridRows * gridColumns && reader.MoveNext())
            {
                if (canvas is null)
                {
                    // The grid's size comes from the first tile, so image columns of unknown size work too.
                    (tileWidth, tileHeight) = (reader.Width, reader.Height);
                    canvas = new PngCanvas(
                        checked((gridColumns * (tileWidth + padding)) + padding),
                        checked((gridRows * (tileHeight + padding)) + padding));
                    canvas.Fill(SKColors.Black);
                }
                else if (reader.Width != tileWidth || reader.Height != tileHeight)
                {
                    throw new InvalidOperationException(
                        $"Image {tiles} is {reader.Width} × {reader.Height}; the grid's tiles are {tileWidth} × {tileHeight}.");
                }

                int x = padding + ((tiles % gridColumns) * (tileWidth + padding));
                int y = padding + ((tiles / gridColumns) * (tileHeight + padding));
                reader.WriteTo(canvas.At(x, y), canvas.RowBytes);
                tiles++;
            }

            if (canvas is null)
            {
                throw new InvalidOperationException($"Column '{columnName}' has no rows: there is nothing to draw.");
            }

            canvas.SavePng(path);
            return tiles;
        }
        finally
        {
            canvas?.Dispose();
        }
    }
}
