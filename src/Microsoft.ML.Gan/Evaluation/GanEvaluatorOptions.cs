namespace Microsoft.ML.Gan;

public sealed partial class GanEvaluator
{
    /// <summary>What a <see cref="GanEvaluator"/> computes and with which settings; every default matches the reference tools.</summary>
    public sealed class Options
    {
        /// <summary>
        /// The metrics to compute. <see langword="null"/> (the default): every feature metric, plus the Inception Score
        /// and mode statistics when the extractor gives class probabilities. Asking for those without probabilities throws.
        /// </summary>
        public GanMetrics? Metrics { get; set; }

        /// <summary>The number of random subsets KID averages over. Default <see cref="Defaults.KidSubsets"/>.</summary>
        public int KidSubsets { get; set; } = Defaults.KidSubsets;

        /// <summary>Rows drawn from each side per KID subset, without replacement. Default <see cref="Defaults.KidSubsetSize"/>.</summary>
        public int KidSubsetSize { get; set; } = Defaults.KidSubsetSize;

        /// <summary>Consecutive parts of the generated rows the Inception Score averages over. Default <see cref="Defaults.InceptionScoreSplits"/>.</summary>
        public int InceptionScoreSplits { get; set; } = Defaults.InceptionScoreSplits;

        /// <summary>k of the k-NN balls for precision and recall. Default <see cref="Defaults.PrecisionRecallNeighbors"/>.</summary>
        public int PrecisionRecallNeighbors { get; set; } = Defaults.PrecisionRecallNeighbors;

        /// <summary>k of the k-NN balls for density and coverage. Default <see cref="Defaults.DensityCoverageNeighbors"/>.</summary>
        public int DensityCoverageNeighbors { get; set; } = Defaults.DensityCoverageNeighbors;

        /// <summary>Generated samples a class needs to count as a mode hit. Default <see cref="Defaults.ModeMinimumCount"/>.</summary>
        public int ModeMinimumCount { get; set; } = Defaults.ModeMinimumCount;

        /// <summary>Seed of the KID subsets; <see langword="null"/> (the default) draws one from the MLContext's seed.</summary>
        public int? Seed { get; set; }
    }
}
