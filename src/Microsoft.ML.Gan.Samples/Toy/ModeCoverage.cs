namespace Microsoft.ML.Gan.Samples.Toy;

/// <summary>How samples cover the modes of a <see cref="GaussianMixture"/>.</summary>
/// <param name="MedianDistanceToNearestCentre">Median distance from a sample to the closest centre (target data: ≈ 0.06 at std 0.05).</param>
/// <param name="OnModeFraction">Fraction of samples within 4σ of a centre (target data: ≈ 1).</param>
/// <param name="ModesHit">Modes that receive at least <see cref="GaussianMixture.ModeHitShare"/> of the samples on-mode.</param>
/// <param name="SamplesPerMode">Samples within 4σ of each centre.</param>
public sealed record ModeCoverage(double MedianDistanceToNearestCentre, double OnModeFraction, int ModesHit, int[] SamplesPerMode)
{
    /// <summary>The numbers in one line.</summary>
    public override string ToString() =>
        $"median distance to nearest centre {MedianDistanceToNearestCentre:F3}, on-mode {OnModeFraction:P0}, " +
        $"modes hit {ModesHit}/{SamplesPerMode.Length}";
}
