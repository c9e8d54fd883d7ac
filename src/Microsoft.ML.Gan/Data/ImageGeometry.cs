using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>Works out the square image a feature column holds, for the DCGAN networks.</summary>
internal static class ImageGeometry
{
    private static readonly int[] Sizes = [28, 32, 64];

    /// <summary>
    /// The side and channels from the options when given, else from the column's dimensions (ExtractPixels declares
    /// channels × height × width), else from its length alone when only one square shape fits.
    /// </summary>
    public static (int Size, int Channels) Resolve(GanTrainer.Options options, DataViewSchema.Column column) =>
        Resolve(options.ImageSize, options.ImageChannels, column, nameof(options), "DCGAN");

    /// <summary>
    /// The same rule with the side and channels given directly (either may be null: inferred); <paramref name="networks"/>
    /// names the model in the message (DCGAN, CycleGAN).
    /// </summary>
    public static (int Size, int Channels) Resolve(int? imageSize, int? imageChannels, DataViewSchema.Column column, string paramName, string networks)
    {
        var vector = (VectorDataViewType)column.Type;
        var length = vector.Size;
        (int Size, int Channels)? shape = (imageSize, imageChannels) switch
        {
            (int size, int channels) => (size, channels),
            _ when vector.Dimensions.Length == 3 && vector.Dimensions[1] == vector.Dimensions[2] => (vector.Dimensions[1], vector.Dimensions[0]),
            (int size, null) when length % (size * size) == 0 => (size, length / (size * size)),
            (null, int channels) when IsSquare(length / channels) && length % channels == 0 => ((int)Math.Sqrt(length / channels), channels),
            _ => Infer(length),
        };

        if (shape is not { } found || found.Channels * found.Size * found.Size != length || !Sizes.Contains(found.Size) || found.Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"The {networks} networks need square images of 28, 32 or 64 pixels with 1 or 3 channels, but feature column '{column.Name}' " +
                $"has {length} slots{(shape is { } s ? $" ({s.Channels} × {s.Size} × {s.Size} by the options)" : string.Empty)}. " +
                "Resize the images (ResizeImages) or set ImageSize and ImageChannels.");
        }

        return found;
    }

    private static (int, int)? Infer(int length)
    {
        var candidates = Sizes.SelectMany(size => new[] { 1, 3 }.Select(channels => (size, channels)))
            .Where(c => c.channels * c.size * c.size == length).ToArray();
        return candidates.Length == 1 ? candidates[0] : null;
    }

    private static bool IsSquare(int value) => value > 0 && (int)Math.Sqrt(value) * (int)Math.Sqrt(value) == value;
}
