using System;

namespace Microsoft.ML.Gan;

/// <summary>The metrics a <see cref="GanEvaluator"/> computes.</summary>
[Flags]
public enum GanMetrics
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The Fréchet distance of the features (FID with Inception features).</summary>
    FrechetDistance = 1,

    /// <summary>The kernel inception distance.</summary>
    KernelInceptionDistance = 2,

    /// <summary>Precision and recall of the k-NN manifolds.</summary>
    PrecisionRecall = 4,

    /// <summary>Density and coverage.</summary>
    DensityCoverage = 8,

    /// <summary>The Inception Score; needs class probabilities.</summary>
    InceptionScore = 16,

    /// <summary>The label histogram, modes hit and KL to the real labels; needs class probabilities.</summary>
    Modes = 32,

    /// <summary>The metrics that need only features.</summary>
    FeatureMetrics = FrechetDistance | KernelInceptionDistance | PrecisionRecall | DensityCoverage,

    /// <summary>Every metric.</summary>
    All = FeatureMetrics | InceptionScore | Modes,
}
