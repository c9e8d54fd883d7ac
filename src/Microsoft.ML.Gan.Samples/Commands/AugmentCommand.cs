using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Evidence for GAN augmentation: an imbalanced task made from the bundled MNIST (some digits cut to a small share of
/// their rows), one standard ML.NET multiclass trainer, and macro-F1 on a balanced held-out set for no augmentation,
/// random oversampling and GAN augmentation.
/// </summary>
internal static class AugmentCommand
{
    private const int TestPerClass = 200;

    public static int Run(string artifacts, int[] rareDigits, double keep, int epochs, int seed)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var mlContext = new MLContext(seed);
        var (train, test) = Split(mlContext, rareDigits, keep, seed);
        var trainCounts = train.GroupBy(d => d.Digit).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Console.WriteLine($"GanML augment: digits {string.Join(", ", rareDigits)} cut to {keep:P0}; {train.Count} training rows " +
            $"[{string.Join(", ", trainCounts)}], {test.Count} balanced test rows. Artifacts: {artifacts}");
        var trainView = mlContext.Data.LoadFromEnumerable(train);
        var testView = mlContext.Data.LoadFromEnumerable(test);
        // The digit stays a plain integer in the data (the GAN's label); the classifier maps it to a key itself.
        var trainer = mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(DigitRow.Digit))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

        var results = new List<(string Name, Scores Scores, TimeSpan Time)>();
        var clock = Stopwatch.StartNew();
        results.Add(("none", Evaluate(mlContext, trainer.Fit(trainView), testView), clock.Elapsed));
        Console.WriteLine($"  none: {results[^1].Scores}");

        clock.Restart();
        var oversampled = mlContext.Data.LoadFromEnumerable(Oversample(train, seed));
        results.Add(("random oversampling", Evaluate(mlContext, trainer.Fit(oversampled), testView), clock.Elapsed));
        Console.WriteLine($"  random oversampling: {results[^1].Scores}");

        // The conditional GAN is trained once here (so its samples can be shown) and handed to the augmenting trainer.
        clock.Restart();
        var ganOptions = new GanTrainer.Options
        {
            LabelColumnName = nameof(DigitRow.Digit),
            Epochs = epochs,
            LatentDimension = 64,
            GeneratorHiddenLayers = [256, 512],
            DiscriminatorHiddenLayers = [512, 256],
            DiscriminatorActivation = GanActivation.LeakyRelu,
            MismatchedConditionWeight = 1,
        };
        using var gan = TrainingConsole.Fit(mlContext, ganOptions, trainView, "conditional GAN");
        GanImages.WriteGrid(gan.GeneratePerClass(10, seed: 1), "Features", ImageShape.Grayscale(28, 28, scaleImage: 1f / 255), 10, 10,
            Path.Combine(artifacts, "augment-samples.png"));
        var augmenting = mlContext.Gan().Augment(trainer, new GanAugmentationOptions { LabelColumnName = nameof(DigitRow.Digit), TrainedGan = gan, Seed = seed });
        results.Add(("GAN augmentation", Evaluate(mlContext, augmenting.Fit(trainView), testView), clock.Elapsed));
        Console.WriteLine($"  GAN augmentation: {results[^1].Scores}");

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# GanML augmentation on imbalanced MNIST ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Command: `dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- augment --rare {string.Join(" ", rareDigits)} --keep {keep} --epochs {epochs} --seed {seed}`");
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Bundled MNIST (10,000 digits), seed {seed}: {TestPerClass} digits per class held out (balanced test set of {test.Count}); of the rest, digits ") +
            string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", rareDigits)} keep {keep:P0} of their rows. Training rows per digit: {string.Join(", ", trainCounts)}. Trainer: ") +
            string.Create(CultureInfo.InvariantCulture, $"LbfgsMaximumEntropy with defaults. GAN: conditional MLP GAN (G 256-512, D 512-256, matching-aware weight 1), {epochs} epochs, ") +
            "balancing every digit up to the largest. Samples: augment-samples.png (a row per digit).");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"| training data | macro-F1 | accuracy | mean F1 of digits {string.Join(", ", rareDigits)} | seconds |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var (name, scores, time) in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {scores.MacroF1:F4} | {scores.Accuracy:F4} | {rareDigits.Average(d => scores.F1PerClass[d]):F4} | {time.TotalSeconds:F0} |");
        }

        var path = Path.Combine(artifacts, "augment-report.md");
        File.WriteAllText(path, report.ToString());
        Console.Write(report);
        return 0;
    }

    private static (List<DigitRow> Train, List<DigitRow> Test) Split(MLContext mlContext, int[] rareDigits, double keep, int seed)
    {
        var mnist = BundledMnist.Load();
        var digits = mnist.GetColumn<uint>(BundledMnist.LabelColumnName).Select(key => (int)key - 1);
        var all = digits.Zip(mnist.GetColumn<float[]>(BundledMnist.FeaturesColumnName), (digit, pixels) => new DigitRow { Digit = digit, Features = pixels }).ToList();
        var random = new Random(seed);
        var train = new List<DigitRow>();
        var test = new List<DigitRow>();
        foreach (var digit in all.GroupBy(d => d.Digit).OrderBy(g => g.Key))
        {
            var shuffled = digit.OrderBy(_ => random.Next()).ToList();
            test.AddRange(shuffled.Take(TestPerClass));
            var rest = shuffled.Skip(TestPerClass).ToList();
            var kept = rareDigits.Contains(digit.Key) ? (int)Math.Ceiling(keep * rest.Count) : rest.Count;
            train.AddRange(rest.Take(kept));
        }

        return (train.OrderBy(_ => random.Next()).ToList(), test);
    }

    /// <summary>Every digit topped up to the largest by drawing its own rows again, uniformly with replacement.</summary>
    private static List<DigitRow> Oversample(List<DigitRow> train, int seed)
    {
        var random = new Random(seed);
        var classes = train.GroupBy(d => d.Digit).ToList();
        var largest = classes.Max(g => g.Count());
        var result = new List<DigitRow>(train);
        foreach (var digits in classes.Select(g => g.ToList()))
        {
            result.AddRange(Enumerable.Range(0, largest - digits.Count).Select(_ => digits[random.Next(digits.Count)]));
        }

        return result.OrderBy(_ => random.Next()).ToList();
    }

    private static Scores Evaluate(MLContext mlContext, ITransformer model, IDataView test)
    {
        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test));
        var counts = metrics.ConfusionMatrix.Counts;
        var classes = counts.Count;

        // F1 per class from the confusion matrix (rows: true class, columns: predicted class).
        var f1 = Enumerable.Range(0, classes).Select(k =>
        {
            var truePositives = counts[k][k];
            var actual = counts[k].Sum();
            var predicted = Enumerable.Range(0, classes).Sum(row => counts[row][k]);
            return actual + predicted == 0 ? 0 : 2 * truePositives / (actual + predicted);
        }).ToArray();
        return new Scores(f1.Average(), metrics.MicroAccuracy, f1);
    }

    private sealed record Scores(double MacroF1, double Accuracy, double[] F1PerClass)
    {
        public override string ToString() => $"macro-F1 {MacroF1:F4}, accuracy {Accuracy:F4}";
    }

    private sealed class DigitRow
    {
        public int Digit { get; set; }

        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }
}
