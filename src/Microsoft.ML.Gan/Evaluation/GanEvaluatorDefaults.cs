namespace Microsoft.ML.Gan;

public sealed partial class GanEvaluator
{
    /// <summary>The defaults of the evaluator options and of the catalog's evaluation methods.</summary>
    public static class Defaults
    {
        /// <summary>The feature column read by default: <c>Features</c>.</summary>
        public const string FeatureColumnName = "Features";
    }
}
