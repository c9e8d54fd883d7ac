using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Gan.Tests.TestData;

namespace Microsoft.ML.Gan.Tests.CycleGan;

/// <summary>
/// Small unpaired digit domains for the CycleGAN tests: A = plain MNIST digits, B = other digits inked
/// (<see cref="InkedDigits"/>), and a held-out set of A digits with their true B versions.
/// </summary>
internal sealed class CycleGanDigits
{
    public CycleGanDigits(MLContext mlContext, int perDomain, int heldOut)
    {
        var digits = GeneratedRows.Read(
            mlContext.Data.TakeRows(mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 5), 2 * perDomain + heldOut), BundledMnist.FeaturesColumnName);
        A = digits.Take(perDomain).ToArray();
        B = digits.Skip(perDomain).Take(perDomain).Select(d => InkedDigits.Transform(d)).ToArray();
        HeldOutA = digits.Skip(2 * perDomain).ToArray();
        HeldOutTrueB = HeldOutA.Select(d => InkedDigits.Transform(d)).ToArray();
    }

    public float[][] A { get; }

    public float[][] B { get; }

    public float[][] HeldOutA { get; }

    public float[][] HeldOutTrueB { get; }

    public static IDataView View(MLContext mlContext, float[][] images) =>
        mlContext.Data.LoadFromEnumerable(images.Select(pixels => new Image { Features = pixels }));

    public static CycleGanTrainer.Options TinyOptions(int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        PoolSize = 8,
        GeneratorWidth = 4,
        GeneratorDownsamplings = 1,
        ResidualBlocks = 1,
        DiscriminatorWidth = 4,
        LearningRate = 1e-3,
        Seed = 1,
    };

    /// <summary>Mean absolute difference per pixel between two sets of images.</summary>
    public static double MeanAbsoluteError(float[][] x, float[][] y) =>
        x.Zip(y, (p, q) => p.Zip(q, (u, v) => (double)System.Math.Abs(u - v)).Average()).Average();

    public sealed class Image
    {
        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }

    public sealed class DomainImage
    {
        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];

        public bool IsDomainB { get; set; }
    }
}
