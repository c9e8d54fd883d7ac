using System.Linq;
using Microsoft.ML.Gan.Samples.Toy;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>
/// One run of the PacGAN/VEEGAN protocol at reduced size: train on <c>rows</c> points of a mixture (data seed 1000 +
/// the options' seed) and measure 2,500 generated samples.
/// </summary>
internal static class ProtocolRun
{
    public static (ProtocolQuality Quality, string DiscriminatorLosses) Measure(GaussianMixture mixture, GanTrainer.Options options, int rows)
    {
        var seed = options.Seed!.Value;
        var mlContext = new MLContext(seed: seed);
        using var model = mlContext.Gan().Trainer(options).Fit(mixture.Create(mlContext, rows, seed: 1000 + seed));
        return (mixture.MeasureProtocol(GeneratedRows.Read(model.Generate(2_500, seed), "Features")), string.Join(" ", model.TrainingHistory.Select(e => e.DiscriminatorLoss.ToString("F3"))));
    }
}
