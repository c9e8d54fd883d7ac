using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Turns rows (real or generated) into the feature vectors the metrics compare, and optionally into class probabilities
/// for the Inception Score and the mode statistics.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Extractor</term><description>Use it for</description></listheader>
/// <item><term><see cref="RawFeatures"/></term><description>vectors that already are features (for example an ONNX model's
/// output added by <c>mlContext.Transforms.ApplyOnnxModel</c>), optionally with a probability column (for example the
/// <c>Score</c> column of an ML.NET multiclass classifier).</description></item>
/// <item><term><c>OnnxFeatureExtractor</c> (package Microsoft.ML.Gan.OnnxTransformer)</term><description>an ONNX model you provide, such as Inception v3 for FID.</description></item>
/// <item><term><see cref="GanDomainClassifier"/></term><description>a small classifier trained on your labelled real data:
/// penultimate-layer features and softmax probabilities.</description></item>
/// </list>
/// </remarks>
public abstract class GanFeatureExtractor
{
    private protected GanFeatureExtractor()
    {
    }

    /// <summary>Names the extractor in reports, so each number says what produced it.</summary>
    public abstract string Name { get; }

    /// <summary>Uses a vector column as it is.</summary>
    /// <param name="featureColumnName">A known-size vector of <see cref="float"/>: the features.</param>
    /// <param name="probabilityColumnName">
    /// Optional: a known-size vector of <see cref="float"/> holding class probabilities (each row non-negative and summing
    /// to 1), which enables the Inception Score and the mode statistics.
    /// </param>
    /// <returns>An extractor that reads the columns.</returns>
    public static GanFeatureExtractor RawFeatures(
        string featureColumnName = GanEvaluator.Defaults.FeatureColumnName, string? probabilityColumnName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        return new RawFeatureExtractor(featureColumnName, probabilityColumnName);
    }

    /// <summary>Features (and probabilities, when the extractor has them) of every row of <paramref name="data"/>.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="dataName">"real data" or "generated data", for error messages.</param>
    /// <param name="paramName">The evaluator's parameter that holds <paramref name="data"/>.</param>
    internal abstract ExtractedFeatures Extract(IDataView data, string dataName, string paramName);
}
