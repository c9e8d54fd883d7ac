using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Toy;

/// <summary>
/// The classic GAN toy target: 8 Gaussians (std 0.05) evenly spaced on a circle of radius 2, plus the measures used to
/// judge samples against it.
/// </summary>
public static class RingMixture
{
    public const int Modes = 8;
    public const double Radius = 2.0;
    public const double StandardDeviation = 0.05;

    /// <summary>A sample counts as on a mode when it lies within 4σ of that mode's centre.</summary>
    public const double OnModeDistance = 4 * StandardDeviation;

    /// <summary>
    /// Options sized for the ring: small networks and high learning rates, so a run takes seconds. The Wasserstein
    /// losses get the WGAN-GP paper's β = (0.5, 0.9), a clip bound suited to 2-D inputs, and their default critic steps
    /// (5 with weight clipping; WGAN-GP: 2, with its default λ of 0.1 for MLPs).
    /// </summary>
    public static GanTrainer.Options TrainingOptions(GanLoss loss, int epochs)
    {
        var options = new GanTrainer.Options
        {
            Loss = loss,
            Epochs = epochs,
            BatchSize = 64,
            LatentDimension = 8,
            GeneratorHiddenLayers = [128, 128],
            DiscriminatorHiddenLayers = [128, 128],
            GeneratorLearningRate = 1e-3,
            DiscriminatorLearningRate = 1e-3,
        };
        if (loss is GanLoss.Wasserstein or GanLoss.WassersteinGradientPenalty)
        {
            options.Beta2 = 0.9;
            options.ClipValue = 0.1;
            options.GeneratorLearningRate = 2e-3;
            options.DiscriminatorLearningRate = 2e-3;
        }

        return options;
    }

    public static IDataView Create(MLContext mlContext, int rows, int seed) => GaussianMixture.Ring.Create(mlContext, rows, seed);

    public static IEnumerable<float[]> Points(int rows, int seed) => GaussianMixture.Ring.Points(rows, seed);

    public static (double X, double Y) Centre(int mode) => GaussianMixture.Ring.Centres[mode];

    public static RingQuality Measure(IReadOnlyList<float[]> samples)
    {
        var coverage = GaussianMixture.Ring.Measure(samples);
        var radial = samples.Select(p => Math.Abs(Math.Sqrt((p[0] * p[0]) + (p[1] * p[1])) - Radius)).ToArray();
        return new RingQuality(
            coverage.MedianDistanceToNearestCentre,
            GaussianMixture.Median(radial),
            coverage.OnModeFraction,
            coverage.ModesHit,
            coverage.SamplesPerMode);
    }
}

/// <summary>How close samples are to the ring mixture.</summary>
/// <param name="MedianDistanceToNearestCentre">Median distance from a sample to the closest of the 8 centres (target data: ≈ 0.06).</param>
/// <param name="MedianRadialError">Median of |‖x‖ − 2|, how far samples are from the circle itself (target data: ≈ 0.03).</param>
/// <param name="OnModeFraction">Fraction of samples within 4σ of a centre (target data: ≈ 1).</param>
/// <param name="ModesHit">Modes that receive at least 2% of the samples (target data: 8).</param>
/// <param name="SamplesPerMode">Samples within 4σ of each centre.</param>
public sealed record RingQuality(double MedianDistanceToNearestCentre, double MedianRadialError, double OnModeFraction, int ModesHit, int[] SamplesPerMode)
{
    public override string ToString() =>
        $"median distance to nearest centre {MedianDistanceToNearestCentre:F3}, median radial error {MedianRadialError:F3}, " +
        $"on-mode {OnModeFraction:P0}, modes hit {ModesHit}, per mode [{string.Join(", ", SamplesPerMode)}]";
}

/// <summary>One 2-D point of the ring, as ML.NET loads it.</summary>
public sealed class RingPoint
{
    /// <summary>The point's coordinates.</summary>
    [VectorType(2)]
    public float[] Features { get; set; } = [];
}
