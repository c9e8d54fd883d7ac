using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// CycleGAN on digits with a known answer: domain A is half the bundled MNIST, domain B the other half inked
/// (<see cref="InkedDigits"/>: thicker strokes, inverted intensities). The model never sees a pair, yet because the true
/// A→B map is known, its translations of held-out digits can be scored pixel by pixel, and a digit classifier tells
/// whether a translation kept the digit.
/// </summary>
internal static class CycleGanCommand
{
    private const int HeldOut = 1000;
    private const int GridColumns = 10;

    /// <summary>Epochs of the default run (281 steps each, about 8 s each on 2 idle cores).</summary>
    public const int DefaultEpochs = 5;

    public static int Run(string artifacts, int epochs, int seed)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var mlContext = new MLContext(seed);
        // A full shuffle: the bundled rows are sorted by class, and ShuffleRows only shuffles within a pool of rows.
        var mnist = BundledMnist.Load();
        var digits = mnist.GetColumn<uint>(BundledMnist.LabelColumnName)
            .Zip(mnist.GetColumn<float[]>(BundledMnist.FeaturesColumnName), (key, pixels) => new Digit { Value = key - 1f, Features = pixels })
            .ToArray();
        new Random(seed).Shuffle(digits);
        var half = (digits.Length - HeldOut) / 2;
        var trainA = digits.Take(half).ToArray();
        var trainB = digits.Skip(half).Take(half).Select(Inked).ToArray();
        var testA = digits.Skip(2 * half).ToArray();
        var testTrueB = testA.Select(Inked).ToArray();
        var options = new CycleGanTrainer.Options
        {
            Epochs = epochs,
            TranslatedToAColumnName = "TranslatedToA",
            GeneratorWidth = 8,
            ResidualBlocks = 2,
            Seed = seed,
            Progress = new CycleGanProgress(epochs),
        };
        Console.WriteLine($"GanML cyclegan: {half} plain digits (A) and {half} other inked digits (B), unpaired; {epochs} epochs, seed {seed}. Artifacts: {artifacts}");

        var clock = Stopwatch.StartNew();
        using var model = mlContext.Gan().CycleGan(options).Fit(View(mlContext, trainA), View(mlContext, trainB));
        var trainingTime = clock.Elapsed;

        // Held-out digits: A→B against the true inking of the same digits, and A→B→A against the inputs.
        var translatedB = Translate(mlContext, model, testA, "TranslatedToB");
        var reconstructedA = Translate(mlContext, model, translatedB, "TranslatedToA");
        var translatedA = Translate(mlContext, model, testTrueB, "TranslatedToA");
        var meanB = Enumerable.Range(0, BundledMnist.PixelCount).Select(i => trainB.Average(d => d.Features[i])).ToArray();

        // Digit classifiers that never saw a translation: one trained on real B digits, one on real A digits.
        clock.Restart();
        var classifierB = Classifier(mlContext).Fit(View(mlContext, trainB));
        var classifierA = Classifier(mlContext).Fit(View(mlContext, trainA));
        var classifierTime = clock.Elapsed;

        var report = new StringBuilder();
        void Line(string text) => report.AppendLine(CultureInfo.InvariantCulture, $"{text}");
        Line($"GanML cyclegan: unpaired MNIST → inked MNIST ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        Line($"Command: dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- cyclegan --epochs {epochs} --seed {seed}");
        Line($"Training: {half} A + {half} B digits, {model.TrainingHistory.Count} epochs in {trainingTime.TotalMinutes:F1} min; last epoch: D {model.TrainingHistory[^1].DiscriminatorLoss:F3}, adversarial {model.TrainingHistory[^1].AdversarialLoss:F3}, cycle {model.TrainingHistory[^1].CycleLoss:F4}");
        Line($"Per-pixel mean absolute error on {HeldOut} held-out digits (pixels in [0, 1]):");
        Line($"  A→B translation vs the true inking       {Mae(translatedB, testTrueB.Select(d => d.Features)):F4}");
        Line($"  baseline: identity map (A as it is)      {Mae(testA.Select(d => d.Features), testTrueB.Select(d => d.Features)):F4}");
        Line($"  baseline: inversion alone (1 − a)        {Mae(testA.Select(d => d.Features.Select(p => 1 - p).ToArray()), testTrueB.Select(d => d.Features)):F4}");
        Line($"  baseline: the mean B image               {Mae(testA.Select(_ => meanB), testTrueB.Select(d => d.Features)):F4}");
        Line($"  B→A translation vs the original digits   {Mae(translatedA, testA.Select(d => d.Features)):F4}");
        Line($"  A→B→A reconstruction vs the input        {Mae(reconstructedA, testA.Select(d => d.Features)):F4}");
        Line($"Digit accuracy of LbfgsMaximumEntropy classifiers ({classifierTime.TotalSeconds:F0} s to train both):");
        Line($"  trained on real B, on true B digits      {Accuracy(mlContext, classifierB, testA, testTrueB.Select(d => d.Features)):P1}");
        Line($"  trained on real B, on A→B translations   {Accuracy(mlContext, classifierB, testA, translatedB):P1}");
        Line($"  trained on real B, on untranslated A     {Accuracy(mlContext, classifierB, testA, testA.Select(d => d.Features)):P1}");
        Line($"  trained on real A, on B→A translations   {Accuracy(mlContext, classifierA, testA, translatedA):P1}");

        // Rows of the grid: inputs, their translations, the reconstructions, and the true inked digits.
        var gridPath = Path.Combine(artifacts, "cyclegan-digits.png");
        var tiles = testA.Take(GridColumns).Select(d => d.Features)
            .Concat(translatedB.Take(GridColumns)).Concat(reconstructedA.Take(GridColumns)).Concat(testTrueB.Take(GridColumns).Select(d => d.Features));
        GanImages.WriteGrid(View(mlContext, tiles.Select(pixels => new Digit { Features = pixels }).ToArray()), BundledMnist.FeaturesColumnName,
            new ImageShape(BundledMnist.ImageSize, BundledMnist.ImageSize, 1, 1f / 255, 0f), 4, GridColumns, gridPath);
        var modelPath = Path.Combine(artifacts, "cyclegan-digits.zip");
        mlContext.Model.Save(model, View(mlContext, testA).Schema, modelPath);
        Line($"Files: {Path.GetFileName(gridPath)} (rows: held-out inputs, A→B, A→B→A, true B), {Path.GetFileName(modelPath)}");

        var text = report.ToString();
        File.WriteAllText(Path.Combine(artifacts, "cyclegan-report.txt"), text);
        Console.Write(text);
        return 0;
    }

    private static Digit Inked(Digit digit) => new() { Value = digit.Value, Features = InkedDigits.Transform(digit.Features) };

    // The digit becomes a key inside the pipeline, so labels and predictions share one key space.
    private static IEstimator<ITransformer> Classifier(MLContext mlContext) =>
        mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(Digit.Value))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

    private static IDataView View(MLContext mlContext, Digit[] digits) => mlContext.Data.LoadFromEnumerable(digits);

    private static float[][] Translate(MLContext mlContext, CycleGanTransformer model, System.Collections.Generic.IEnumerable<float[]> images, string column) =>
        Translate(mlContext, model, images.Select(pixels => new Digit { Features = pixels }).ToArray(), column);

    private static float[][] Translate(MLContext mlContext, CycleGanTransformer model, Digit[] digits, string column) =>
        model.Transform(View(mlContext, digits)).GetColumn<float[]>(column).ToArray();

    private static double Mae(System.Collections.Generic.IEnumerable<float[]> predicted, System.Collections.Generic.IEnumerable<float[]> truth) =>
        predicted.Zip(truth, (p, t) => p.Zip(t, (u, v) => (double)Math.Abs(u - v)).Average()).Average();

    // The labels come from the original digits; the images to classify are given separately.
    private static double Accuracy(MLContext mlContext, ITransformer classifier, Digit[] labelled, System.Collections.Generic.IEnumerable<float[]> images)
    {
        var rows = labelled.Zip(images, (d, pixels) => new Digit { Value = d.Value, Features = pixels }).ToArray();
        // Label and prediction read from one scored view, so both are keys of the classifier's label column.
        var scored = classifier.Transform(View(mlContext, rows));
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var actual = scored.GetColumn<uint>("Label").ToArray();
        return predicted.Zip(actual, (p, a) => p == a ? 1.0 : 0.0).Average();
    }

    private sealed class Digit
    {
        /// <summary>The digit, 0–9.</summary>
        public float Value { get; set; }

        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }

    private sealed class CycleGanProgress(int epochs) : IProgress<CycleGanEpochSummary>
    {
        private readonly EtaClock _eta = new();

        public void Report(CycleGanEpochSummary value) => Console.WriteLine(
            $"CycleGAN epoch {value.Epoch,3}/{epochs}  D {value.DiscriminatorLoss,6:F3}  G adv {value.AdversarialLoss,6:F3}  cycle {value.CycleLoss,6:F4}  {value.Duration.TotalSeconds,5:F0} s  ETA {_eta.Left(value.Epoch, epochs):mm\\:ss}");
    }
}
