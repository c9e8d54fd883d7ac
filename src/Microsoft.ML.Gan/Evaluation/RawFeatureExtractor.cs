namespace Microsoft.ML.Gan;

/// <summary>Reads the features (and optionally class probabilities) from columns, unchanged.</summary>
internal sealed class RawFeatureExtractor(string featureColumnName, string? probabilityColumnName) : GanFeatureExtractor
{
    public override string Name => probabilityColumnName is null
        ? $"raw column '{featureColumnName}'"
        : $"raw column '{featureColumnName}' with probabilities '{probabilityColumnName}'";

    internal override ExtractedFeatures Extract(IDataView data, string dataName, string paramName)
    {
        var features = EvaluationInputs.ReadFeatures(data, featureColumnName, paramName, dataName);
        var probabilities = probabilityColumnName is null ? null : EvaluationInputs.ReadFeatures(data, probabilityColumnName, paramName, dataName);
        return new ExtractedFeatures(features, probabilities);
    }
}
