using System.Collections.Generic;

namespace Microsoft.ML.Gan;

/// <summary>
/// A Fréchet distance (FID when the features come from Inception v3) with what produced it: the sample sizes, the
/// feature source and dimension, and whether the reference's diagonal offset was needed.
/// </summary>
public sealed class FrechetDistanceResult
{
    internal FrechetDistanceResult(double value, double meanTerm, double covarianceTerm, long realCount, long generatedCount,
        int dimension, double diagonalOffset, string realSource, string generatedSource, IReadOnlyList<string> warnings)
    {
        Value = value;
        MeanTerm = meanTerm;
        CovarianceTerm = covarianceTerm;
        RealCount = realCount;
        GeneratedCount = generatedCount;
        Dimension = dimension;
        DiagonalOffset = diagonalOffset;
        RealSource = realSource;
        GeneratedSource = generatedSource;
        Warnings = warnings;
    }

    /// <summary>‖μ₁ − μ₂‖² + Tr Σ₁ + Tr Σ₂ − 2 Tr √(Σ₁Σ₂); lower is better, 0 for identical statistics.</summary>
    public double Value { get; }

    /// <summary>‖μ₁ − μ₂‖², the part of <see cref="Value"/> due to the means.</summary>
    public double MeanTerm { get; }

    /// <summary>Tr Σ₁ + Tr Σ₂ − 2 Tr √(Σ₁Σ₂), the part of <see cref="Value"/> due to the covariances.</summary>
    public double CovarianceTerm { get; }

    /// <summary>The number of real feature vectors.</summary>
    public long RealCount { get; }

    /// <summary>The number of generated feature vectors.</summary>
    public long GeneratedCount { get; }

    /// <summary>The feature dimension.</summary>
    public int Dimension { get; }

    /// <summary>0, or 1e-6 when a covariance was singular and the square root was taken with that added to both diagonals.</summary>
    public double DiagonalOffset { get; }

    /// <summary>Which column or extractor produced the real features.</summary>
    public string RealSource { get; }

    /// <summary>Which column or extractor produced the generated features.</summary>
    public string GeneratedSource { get; }

    /// <summary>Conditions that make the number less trustworthy, such as fewer vectors than dimensions.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"FID {Value:G6} ({RealSource}: {RealCount} real, {GeneratedSource}: {GeneratedCount} generated, {Dimension} features)";
}
