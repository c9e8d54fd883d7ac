namespace Microsoft.ML.Gan;

/// <summary>What an extractor produced for one side: features, and class probabilities when it has a classifier.</summary>
internal sealed record ExtractedFeatures(FeatureMatrix Features, FeatureMatrix? Probabilities);
