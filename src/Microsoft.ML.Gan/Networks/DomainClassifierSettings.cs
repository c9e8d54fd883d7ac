namespace Microsoft.ML.Gan;

/// <summary>What defines a domain classifier's network and data, saved with it.</summary>
/// <remarks>The output column names are null in classifiers saved before they existed: the defaults then apply.</remarks>
internal sealed record DomainClassifierSettings(
    int InputDimension, int Classes, int? ImageSize, int ImageChannels, int HiddenSize, int FeatureDimension, string FeatureColumnName,
    string? OutputFeatureColumnName = null, string? ScoreColumnName = null)
{
    public DomainClassifierNetwork CreateNetwork() => new(this);

    /// <summary>The column <c>Transform</c> adds with the penultimate-layer features.</summary>
    public string OutputFeatureColumn => OutputFeatureColumnName ?? GanDomainClassifier.Defaults.OutputFeatureColumnName;

    /// <summary>The column <c>Transform</c> adds with the class probabilities.</summary>
    public string ScoreColumn => ScoreColumnName ?? GanDomainClassifier.Defaults.ScoreColumnName;

    public string Describe() => ImageSize is int size
        ? $"CNN on {ImageChannels}×{size}×{size} images"
        : $"MLP on {InputDimension} inputs";
}
