using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// MNIST digits as flat vectors of 784 values, an MLP GAN at the library's defaults for vectors for 30 epochs (about
/// 40 s): a classifier trained on the real digits labels 1,000 generated ones, and every digit must come back, none
/// taking a quarter (docs/TRAINING.md, "Minimax, the default loss for vectors"; the full-size table is
/// eng/mnist/vectors-table.sh). Measured, digits 0–9 per 1,000: minimax, the default, on seeds 1–3 29 · 182 · 97 · 117
/// · 106 · 69 · 111 · 113 · 132 · 44, then 76 · … · 68 (fewest 68) and 51 · … · 54 (fewest 51); the non-saturating
/// loss at its rate, the default before, fails on each seed (0 zeros on seeds 1 and 3, 3 sixes on seed 2).
/// </summary>
public sealed class MnistVectorTests(ITestOutputHelper output)
{
    [Fact]
    public void The_default_mlp_gan_draws_every_digit()
    {
        var mlContext = new MLContext(seed: 1);
        var digits = mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 1);
        using var model = mlContext.Gan().Trainer(new GanTrainer.Options { Epochs = 30, Seed = 1 }).Fit(digits);
        var classifier = mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(digits);

        var labels = classifier.Transform(model.Generate(1000, seed: 2)).GetColumn<uint>("PredictedLabel").ToArray();
        var histogram = Enumerable.Range(1, 10).Select(key => labels.Count(l => l == key)).ToArray();

        var summary = $"{model.Loss}: digits 0–9 {string.Join(", ", histogram)}";
        output.WriteLine(summary);
        histogram.Should().OnlyContain(count => count >= 20, "every digit gets at least 2% of the generated ones: " + summary);
        histogram.Max().Should().BeLessThan(250, "no digit takes a quarter: " + summary);
    }
}
