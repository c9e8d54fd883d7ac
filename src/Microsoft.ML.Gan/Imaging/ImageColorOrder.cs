namespace Microsoft.ML.Gan;

/// <summary>
/// The order of the colours in a row made by ML.NET's <c>ExtractPixels</c>: a mirror of its <c>orderOfExtraction</c>
/// parameter (<c>ImagePixelExtractingEstimator.ColorsOrder</c> in Microsoft.ML.ImageAnalytics), with the same member
/// names and values, so that <see cref="ImageShape"/> describes image rows without the core package depending on
/// ImageAnalytics. Convert between the two with a cast.
/// </summary>
/// <remarks>The names list the colours with alpha first; without alpha the remaining colours keep their order, so
/// <see cref="ARGB"/> (the default of <c>ExtractPixels</c>) gives red, green, blue.</remarks>
public enum ImageColorOrder : byte
{
    /// <summary>Alpha, red, green, blue.</summary>
    ARGB = 1,

    /// <summary>Alpha, red, blue, green.</summary>
    ARBG = 2,

    /// <summary>Alpha, blue, red, green.</summary>
    ABRG = 3,

    /// <summary>Alpha, blue, green, red.</summary>
    ABGR = 4,

    /// <summary>Alpha, green, red, blue.</summary>
    AGRB = 5,

    /// <summary>Alpha, green, blue, red.</summary>
    AGBR = 6,
}
