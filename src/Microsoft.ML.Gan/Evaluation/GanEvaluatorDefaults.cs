namespace Microsoft.ML.Gan;

public sealed partial class GanEvaluator
{
    /// <summary>The defaults of <see cref="Options"/> and of the catalog's evaluation methods.</summary>
    public static class Defaults
    {
        /// <summary>The feature column read by default: <c>Features</c>.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>KID subsets: 100, as torch-fidelity.</summary>
        public const int KidSubsets = 100;

        /// <summary>KID subset size: 1000, as torch-fidelity (capped at the smaller side).</summary>
        public const int KidSubsetSize = 1000;

        /// <summary>Inception Score splits: 10, as the original code.</summary>
        public const int InceptionScoreSplits = 10;

        /// <summary>Neighbours for precision and recall: 3, as Kynkäänniemi et al.</summary>
        public const int PrecisionRecallNeighbors = 3;

        /// <summary>Neighbours for density and coverage: 5, as Naeem et al.</summary>
        public const int DensityCoverageNeighbors = 5;

        /// <summary>Generated samples a class needs to count as a mode hit: 1.</summary>
        public const int ModeMinimumCount = 1;
    }
}
