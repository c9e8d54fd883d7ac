namespace Microsoft.ML.Gan;

/// <summary>What defines a domain classifier's network and data, saved with it.</summary>
internal sealed record DomainClassifierSettings(
    int InputDimension, int Classes, int? ImageSize, int ImageChannels, int HiddenSize, int FeatureDimension, string FeatureColumnName)
{
    public DomainClassifierNetwork CreateNetwork() => new(this);

    public string Describe() => ImageSize is int size
        ? $"CNN on {ImageChannels}×{size}×{size} images"
        : $"MLP on {InputDimension} inputs";
}
