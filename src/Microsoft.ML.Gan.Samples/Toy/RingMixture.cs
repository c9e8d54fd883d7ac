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
    /// losses get the WGAN-GP paper's β = (0.5, 0.9), a clip bound suited to 2-D inputs, and 5 critic steps (the default).
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

    public static IDataView Create(MLContext mlContext, int rows, int seed) =>
        mlContext.Data.LoadFromEnumerable(Points(rows, seed).Select(p => new RingPoint { Features = p }));

    public static IEnumerable<float[]> Points(int rows, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var centre = Centre(random.Next(Modes));
            yield return
            [
                (float)(centre.X + StandardDeviation * Normal(random)),
                (float)(centre.Y + StandardDeviation * Normal(random)),
            ];
        }
    }

    public static (double X, double Y) Centre(int mode)
    {
        var angle = 2 * Math.PI * mode / Modes;
        return (Radius * Math.Cos(angle), Radius * Math.Sin(angle));
    }

    public static RingQuality Measure(IReadOnlyList<float[]> samples)
    {
        var nearest = new double[samples.Count];
        var radial = new double[samples.Count];
        var perMode = new int[Modes];
        for (var i = 0; i < samples.Count; i++)
        {
            var (x, y) = (samples[i][0], samples[i][1]);
            var best = double.MaxValue;
            var bestMode = 0;
            for (var mode = 0; mode < Modes; mode++)
            {
                var (cx, cy) = Centre(mode);
                var distance = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                if (distance < best)
                {
                    best = distance;
                    bestMode = mode;
                }
            }

            nearest[i] = best;
            radial[i] = Math.Abs(Math.Sqrt(x * x + y * y) - Radius);
            if (best <= OnModeDistance)
            {
                perMode[bestMode]++;
            }
        }

        var onMode = perMode.Sum();
        return new RingQuality(
            Median(nearest),
            Median(radial),
            (double)onMode / samples.Count,
            perMode.Count(count => count >= 0.02 * samples.Count),
            perMode);
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
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
