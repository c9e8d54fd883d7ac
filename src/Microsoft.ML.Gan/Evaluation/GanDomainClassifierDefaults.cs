namespace Microsoft.ML.Gan;

public sealed partial class GanDomainClassifier
{
    /// <summary>The default output column names of <see cref="Options"/>.</summary>
    public static class Defaults
    {
        /// <summary>The column with the penultimate-layer features: <c>ClassifierFeatures</c>.</summary>
        public const string OutputFeatureColumnName = "ClassifierFeatures";

        /// <summary>The column with the class probabilities: <c>Score</c>.</summary>
        public const string ScoreColumnName = "Score";
    }
}
