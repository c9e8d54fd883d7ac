using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Samples.Toy;

/// <summary>
/// A 2-D mixture of equally likely isotropic Gaussians, the standard target for watching a GAN cover or drop modes: the
/// 8-Gaussian ring and the 25-Gaussian grid of the GAN literature (std 0.05 each).
/// </summary>
public sealed class GaussianMixture
{
    /// <summary>A sample counts as on a mode when it lies within this many standard deviations of its centre.</summary>
    public const double OnModeDeviations = 4;

    private GaussianMixture(string name, string description, IReadOnlyList<(double X, double Y)> centres, double standardDeviation, double modeHitShare)
    {
        Name = name;
        Description = description;
        Centres = centres;
        StandardDeviation = standardDeviation;
        ModeHitShare = modeHitShare;
    }

    /// <summary>8 Gaussians evenly spaced on a circle of radius 2.</summary>
    public static GaussianMixture Ring { get; } = new(
        "ring",
        "8 Gaussians (std 0.05) evenly spaced on a circle of radius 2",
        Enumerable.Range(0, 8).Select(mode => (2 * Math.Cos(2 * Math.PI * mode / 8), 2 * Math.Sin(2 * Math.PI * mode / 8))).ToArray(),
        0.05,
        modeHitShare: 0.02);

    /// <summary>25 Gaussians centred at (2i, 2j) for i, j in −2..2.</summary>
    /// <remarks>A mode counts as hit with 0.8% of the samples: PacGAN's rule of 20 in 2,500.</remarks>
    public static GaussianMixture Grid { get; } = new(
        "grid",
        "25 Gaussians (std 0.05) centred at (2i, 2j) for i, j in -2..2",
        Enumerable.Range(-2, 5).SelectMany(i => Enumerable.Range(-2, 5).Select(j => (2.0 * i, 2.0 * j))).ToArray(),
        0.05,
        modeHitShare: 0.008);

    /// <summary>
    /// 8 Gaussians of std 0.02 on a circle of radius 2: the narrower ring of the PacGAN/VEEGAN protocol
    /// (<see cref="MeasureProtocol"/>).
    /// </summary>
    public static GaussianMixture NarrowRing { get; } = new(
        "ring",
        "8 Gaussians (std 0.02) evenly spaced on a circle of radius 2",
        Ring.Centres,
        0.02,
        modeHitShare: 0.02);

    /// <summary>The short name used in file names and on the command line.</summary>
    public string Name { get; }

    /// <summary>One line that says what the mixture is.</summary>
    public string Description { get; }

    /// <summary>The centre of each mode.</summary>
    public IReadOnlyList<(double X, double Y)> Centres { get; }

    /// <summary>The standard deviation of every mode, in both coordinates.</summary>
    public double StandardDeviation { get; }

    /// <summary>The share of the samples a mode needs, on-mode, to count as hit.</summary>
    public double ModeHitShare { get; }

    /// <summary>Distance from a centre within which a sample is on that mode.</summary>
    public double OnModeDistance => OnModeDeviations * StandardDeviation;

    /// <summary>Rows of a <c>Features</c> column of 2 floats, drawn with <paramref name="seed"/>.</summary>
    public IDataView Create(MLContext mlContext, int rows, int seed) =>
        mlContext.Data.LoadFromEnumerable(Points(rows, seed).Select(p => new RingPoint { Features = p }));

    /// <summary>Points drawn from the mixture: a uniformly chosen mode plus Gaussian noise.</summary>
    public IEnumerable<float[]> Points(int rows, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var (x, y) = Centres[random.Next(Centres.Count)];
            yield return
            [
                (float)(x + StandardDeviation * Normal(random)),
                (float)(y + StandardDeviation * Normal(random)),
            ];
        }
    }

    /// <summary>How well <paramref name="samples"/> cover the modes.</summary>
    public ModeCoverage Measure(IReadOnlyList<float[]> samples)
    {
        var nearest = new double[samples.Count];
        var perMode = new int[Centres.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var (bestMode, best) = Nearest(samples[i][0], samples[i][1]);
            nearest[i] = best;
            if (best <= OnModeDistance)
            {
                perMode[bestMode]++;
            }
        }

        return new ModeCoverage(
            Median(nearest),
            (double)perMode.Sum() / samples.Count,
            perMode.Count(count => count >= ModeHitShare * samples.Count),
            perMode);
    }

    /// <summary>
    /// The PacGAN/VEEGAN measures of <paramref name="samples"/>: a sample is high quality within
    /// <see cref="HighQualityDeviations"/>σ of its nearest centre; a mode is captured with one high-quality sample, and
    /// counts towards <see cref="ProtocolQuality.Modes20"/> with at least <see cref="Modes20Samples"/> samples within
    /// <see cref="Modes20Distance"/> of its centre.
    /// </summary>
    public ProtocolQuality MeasureProtocol(IReadOnlyList<float[]> samples)
    {
        var highQuality = new int[Centres.Count];
        var near = new int[Centres.Count];
        foreach (var sample in samples)
        {
            var (mode, distance) = Nearest(sample[0], sample[1]);
            if (distance <= HighQualityDeviations * StandardDeviation)
            {
                highQuality[mode]++;
            }

            if (distance <= Modes20Distance)
            {
                near[mode]++;
            }
        }

        return new ProtocolQuality(
            highQuality.Count(count => count > 0),
            (double)highQuality.Sum() / samples.Count,
            near.Count(count => count >= Modes20Samples));
    }

    /// <summary>High quality: within this many standard deviations of the nearest centre (PacGAN, VEEGAN).</summary>
    public const double HighQualityDeviations = 3;

    /// <summary>Distance from a centre within which samples count towards <see cref="ProtocolQuality.Modes20"/>.</summary>
    public const double Modes20Distance = 0.25;

    /// <summary>Samples a mode needs within <see cref="Modes20Distance"/> to count towards <see cref="ProtocolQuality.Modes20"/>.</summary>
    public const int Modes20Samples = 20;

    private (int Mode, double Distance) Nearest(double x, double y)
    {
        var best = double.MaxValue;
        var bestMode = 0;
        for (var mode = 0; mode < Centres.Count; mode++)
        {
            var (cx, cy) = Centres[mode];
            var distance = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
            if (distance < best)
            {
                best = distance;
                bestMode = mode;
            }
        }

        return (bestMode, best);
    }

    internal static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
