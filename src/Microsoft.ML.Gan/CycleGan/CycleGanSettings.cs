namespace Microsoft.ML.Gan;

/// <summary>
/// The part of <see cref="CycleGanTrainer.Options"/> a fitted model keeps: the columns and everything needed to rebuild
/// its networks. Saved in model zips as JSON.
/// </summary>
internal sealed record CycleGanSettings
{
    public required string FeatureColumnName { get; init; }

    public required string TranslatedToBColumnName { get; init; }

    public string? TranslatedToAColumnName { get; init; }

    public required int ImageSize { get; init; }

    public required int ImageChannels { get; init; }

    public required int GeneratorWidth { get; init; }

    public required int GeneratorDownsamplings { get; init; }

    public required int ResidualBlocks { get; init; }

    public required int DiscriminatorWidth { get; init; }

    public required GanLoss Loss { get; init; }

    /// <summary>Values per image: C·S·S.</summary>
    public int ImageLength => ImageChannels * ImageSize * ImageSize;

    public ResnetGenerator CreateGenerator() =>
        new(ImageSize, ImageChannels, GeneratorWidth, GeneratorDownsamplings, ResidualBlocks);

    public PatchDiscriminator CreateDiscriminator() => new(ImageSize, ImageChannels, DiscriminatorWidth);
}
