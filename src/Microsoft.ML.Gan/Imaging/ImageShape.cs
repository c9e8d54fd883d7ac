using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a float row holds an image: its size and the settings of the ML.NET <c>ExtractPixels</c> transform that made the
/// training rows. Pass the same values you gave <c>ExtractPixels</c>, and generated rows turn back into the images they
/// imitate.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> <c>ExtractPixels</c> writes planar rows by default (<c>interleavePixelColors: false</c>): all of
/// the first colour's values in row-major order (<c>y * Width + x</c>), then the second colour's, and so on; with
/// <see cref="Interleaved"/> the colours of each pixel sit together instead. Its default colours are red, green and blue
/// (<c>ColorBits.Rgb</c>, no alpha) in the order of <see cref="ImageColorOrder.ARGB"/>, so a planar RGB row is R plane, G plane,
/// B plane. A one-channel row is a grey image: extract it with <c>ConvertToGrayscale</c> followed by
/// <c>ExtractPixels(colorsToExtract: ColorBits.Red)</c> (any single colour of a grey image is its grey level).</para>
/// <para><b>Values.</b> <c>ExtractPixels</c> stores <c>value = (pixel − offsetImage) × scaleImage</c> (verified on
/// Microsoft.ML.ImageAnalytics 5.0.1: pixel 30 with offset 10 and scale 2 gives 40). The inverse used here is
/// <c>pixel = value / ScaleImage + OffsetImage</c>, rounded to the nearest integer (halves away from zero) and clamped to
/// [0, 255]; NaN becomes 0. So <c>ScaleImage = 1/255f</c> maps rows in [0, 1], and <c>ScaleImage = 2/255f</c> with
/// <c>OffsetImage = 127.5f</c> maps rows in [−1, 1]. Mind that <c>ExtractPixels</c> takes <c>offsetImage</c> before
/// <c>scaleImage</c>: pass them by name.</para>
/// <para>The default value of the struct has no size and is rejected by every method that takes a shape.</para>
/// </remarks>
public readonly record struct ImageShape
{
    /// <summary>Describes rows of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="width">Image width in pixels, at least 1.</param>
    /// <param name="height">Image height in pixels, at least 1.</param>
    /// <param name="channels">1 for grey images, 3 for colour (red, green, blue) images.</param>
    /// <param name="scaleImage">The <c>scaleImage</c> given to <c>ExtractPixels</c>; finite and not zero.</param>
    /// <param name="offsetImage">The <c>offsetImage</c> given to <c>ExtractPixels</c>; finite.</param>
    /// <param name="interleaved">The <c>interleavePixelColors</c> given to <c>ExtractPixels</c>.</param>
    /// <param name="order">The <c>orderOfExtraction</c> given to <c>ExtractPixels</c>, cast to <see cref="ImageColorOrder"/>
    /// (same member); it only matters for 3 channels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the image has more than
    /// <see cref="int.MaxValue"/> / 4 pixels, <paramref name="channels"/> is not 1 or 3, or a scale or offset is not
    /// valid.</exception>
    public ImageShape(
        int width,
        int height,
        int channels,
        float scaleImage = 1f,
        float offsetImage = 0f,
        bool interleaved = false,
        ImageColorOrder order = ImageColorOrder.ARGB)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height > int.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"An image of {width} × {height} pixels is too large.");
        }

        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1 (grey) and 3 (red, green, blue) channels are supported.");
        }

        if (!float.IsFinite(scaleImage) || scaleImage == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleImage), scaleImage, "The scale must be finite and not zero.");
        }

        if (!float.IsFinite(offsetImage))
        {
            throw new ArgumentOutOfRangeException(nameof(offsetImage), offsetImage, "The offset must be finite.");
        }

        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown colour order.");
        }

        Width = width;
        Height = height;
        Channels = channels;
        ScaleImage = scaleImage;
        OffsetImage = offsetImage;
        Interleaved = interleaved;
        Order = order;
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Values per pixel: 1 (grey) or 3 (red, green, blue).</summary>
    public int Channels { get; }

    /// <summary>The <c>scaleImage</c> of <c>ExtractPixels</c>: <c>value = (pixel − OffsetImage) × ScaleImage</c>.</summary>
    public float ScaleImage { get; }

    /// <summary>The <c>offsetImage</c> of <c>ExtractPixels</c>: <c>value = (pixel − OffsetImage) × ScaleImage</c>.</summary>
    public float OffsetImage { get; }

    /// <summary>Whether each pixel's colours are adjacent (<see langword="true"/>) or each colour is a plane (the default).</summary>
    public bool Interleaved { get; }

    /// <summary>The order of the colours in a 3-channel row; <c>ARGB</c> (red, green, blue, as <c>ExtractPixels</c>) by default.</summary>
    public ImageColorOrder Order { get; }

    /// <summary>The number of floats in one row: <see cref="Width"/> × <see cref="Height"/> × <see cref="Channels"/>.</summary>
    public int Length => Width * Height * Channels;

    /// <summary>A grey image, as rows from <c>ConvertToGrayscale</c> then <c>ExtractPixels(colorsToExtract: ColorBits.Red)</c>.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="scaleImage">The <c>scaleImage</c> given to <c>ExtractPixels</c>.</param>
    /// <param name="offsetImage">The <c>offsetImage</c> given to <c>ExtractPixels</c>.</param>
    /// <returns>A one-channel planar shape.</returns>
    public static ImageShape Grayscale(int width, int height, float scaleImage = 1f, float offsetImage = 0f) =>
        new(width, height, 1, scaleImage, offsetImage);

    /// <summary>A colour image, as rows from <c>ExtractPixels</c> with its default colours and order.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="scaleImage">The <c>scaleImage</c> given to <c>ExtractPixels</c>.</param>
    /// <param name="offsetImage">The <c>offsetImage</c> given to <c>ExtractPixels</c>.</param>
    /// <param name="interleaved">The <c>interleavePixelColors</c> given to <c>ExtractPixels</c>.</param>
    /// <returns>A three-channel shape in red, green, blue order.</returns>
    public static ImageShape Rgb(int width, int height, float scaleImage = 1f, float offsetImage = 0f, bool interleaved = false) =>
        new(width, height, 3, scaleImage, offsetImage, interleaved);

    /// <summary>Throws when this is the default value (no size), which the constructor never produces.</summary>
    internal ImageShape Checked(string paramName) => Width > 0
        ? this
        : throw new ArgumentException("The image shape is empty; create it with a width, height and channel count.", paramName);
}
