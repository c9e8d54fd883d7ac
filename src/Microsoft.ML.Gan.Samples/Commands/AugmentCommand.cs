using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Evidence for GAN augmentation: an imbalanced task made from the bundled MNIST (some digits cut to a small share of
/// their rows), one standard ML.NET multiclass trainer, and macro-F1 on a balanced held-out set for no augmentation,
/// random oversampling and GAN augmentation with and without oversampling, classifier-confidence filtering and
/// discriminator rejection sampling, over several seeds (a new split and GAN each).
/// </summary>
internal static class AugmentCommand
{
    private const int TestPerClass = 200;

    /// <summary>Candidates generated per kept row when GAN rows are filtered by the classifier's confidence.</summary>
    private const int FilterCandidates = 4;

    /// <summary>D steps against the final generator before rejection sampling (GanTrainer.Options.DiscriminatorCalibrationSteps).</summary>
    private const int CalibrationSteps = 500;

    /// <summary>Rejection's burn-in per digit: enough for γ at the 80th percentile, a fifth of the default's time.</summary>
    private const int RejectionBurnIn = 2000;

    /// <summary>Pairs made per training row for the image-conditional GAN (each with another image of its digit).</summary>
    private const int PartnersPerRow = 3;

    /// <summary>
    /// The kinds of synthetic rows a run compares: the conditional GAN's rows as generated, filtered by a classifier's
    /// confidence and (label-conditional GANs) kept by discriminator rejection sampling.
    /// </summary>
    private static string[] Kinds(bool imageConditional) => imageConditional
        ? ["image-conditional GAN rows", "image-conditional GAN rows filtered by a classifier's confidence"]
        : ["GAN rows", "GAN rows filtered by a classifier's confidence", "GAN rows kept by discriminator rejection sampling"];

    /// <summary>None, oversampling, each kind alone (balanced), then for each share every kind mixed with oversampling.</summary>
    private static string[] Methods(double[] ganShares, double[] onTop, bool imageConditional) =>
    [
        "none",
        "random oversampling",
        .. Kinds(imageConditional).Select(kind => $"{kind} (balanced)"),
        .. ganShares.SelectMany(share => Kinds(imageConditional).Select(kind =>
            string.Create(CultureInfo.InvariantCulture, $"random oversampling + {kind} ({share * 100:F0}% of the top-up)"))),
        .. onTop.SelectMany(extra => new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"random oversampling, then GAN rows on top ({extra * 100:F0}% of the top-up more)"),
            string.Create(CultureInfo.InvariantCulture, $"random oversampling, then as many more repeated real rows (control for the line above)"),
        }),
    ];

    public static int Run(string artifacts, int[] rareDigits, double keep, int epochs, int seed, int seeds, GanNetwork network, bool imageConditional,
        double[] ganShares, double[] onTop, string[] overrides)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var methods = Methods(ganShares, onTop, imageConditional);
        var scores = methods.Select(_ => new List<Scores>()).ToArray();
        var seconds = new List<double>();
        var counts = new List<string>();
        for (var s = seed; s < seed + seeds; s++)
        {
            var (perMethod, ganSeconds, trainCounts) = RunSeed(artifacts, rareDigits, keep, epochs, s, network, imageConditional, ganShares, onTop, overrides, writeSamples: s == seed);
            for (var m = 0; m < methods.Length; m++)
            {
                scores[m].Add(perMethod[m]);
            }

            seconds.Add(ganSeconds);
            counts.Add(string.Join(", ", trainCounts));
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# GanML augmentation on imbalanced MNIST ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        var setText = string.Concat(overrides.Select(o => $" --set {o}"));
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Command: `dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- augment --rare {string.Join(" ", rareDigits)} --keep {keep} --epochs {epochs} --seed {seed} --seeds {seeds} --network {network}{(imageConditional ? " --image-conditional" : "")} --gan-share {string.Join(" ", ganShares)}{(onTop.Length > 0 ? " --on-top " + string.Join(" ", onTop) : "")}{setText}`");
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Bundled MNIST (10,000 digits), seeds {seed}–{seed + seeds - 1} (a new split and GAN each): {TestPerClass} digits per class held out (a balanced test set of 2,000); of the rest, digits ") +
            string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", rareDigits)} keep {keep:P0} of their rows (training rows per digit, first seed: {counts[0]}). Trainer: ") +
            string.Create(CultureInfo.InvariantCulture, $"LbfgsMaximumEntropy with defaults. GAN: {Describe(network, imageConditional)}, {epochs} epochs, {seconds.Average():F0} s per model. ") +
            string.Create(CultureInfo.InvariantCulture, $"Every method tops each digit up to the largest (the on-top ones then add the share given of each digit's top-up again, as GAN rows or as more repeated real rows, so the digits that were short end above the largest); the mixed ones fill the share given of each top-up with GAN rows and the rest with ") +
            string.Create(CultureInfo.InvariantCulture, $"repeated real rows; filtering keeps the best {100 / FilterCandidates}% of candidates by the probability that the classifier trained on randomly ") +
            "oversampled real rows gives their class" +
            (imageConditional ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; rejection keeps each candidate with probability σ(F(x) − γ) from D's score for its digit (D calibrated for {CalibrationSteps} steps against the final generator, γ at the 80th percentile of a {RejectionBurnIn:N0}-candidate burn-in per digit)")) +
            ". Samples: augment-samples.png (a row per digit, first seed).");
        report.AppendLine();
        // The split moves every method's score together, so each method is also compared with oversampling seed by seed.
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| training data | macro-F1 | accuracy | mean F1 of digits {string.Join(", ", rareDigits)} | macro-F1 − oversampling's, same seed | macro-F1 per seed |");
        report.AppendLine("|---|---|---|---|---|---|");
        for (var m = 0; m < methods.Length; m++)
        {
            var list = scores[m];
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {methods[m]} | {MeanSd(list.Select(x => x.MacroF1))} | {MeanSd(list.Select(x => x.Accuracy))} | " +
                $"{MeanSd(list.Select(x => rareDigits.Average(d => x.F1PerClass[d])))} | {MeanSd(list.Select((x, i) => x.MacroF1 - scores[1][i].MacroF1))} | {string.Join(" · ", list.Select(x => x.MacroF1.ToString("F4", CultureInfo.InvariantCulture)))} |");
        }

        var path = Path.Combine(artifacts, "augment-report.md");
        File.WriteAllText(path, report.ToString());
        Console.Write(report);
        return 0;
    }

    private static string Describe(GanNetwork network, bool imageConditional) => imageConditional
        ? string.Create(CultureInfo.InvariantCulture, $"image-conditional DCGAN in the manner of DAGAN (Antoniou et al. 2017): trained on pairs of images of one digit ({PartnersPerRow} per training row), G makes an image of the condition image's digit, D judges an image with its condition (embedded as an extra channel; matching-aware weight 1: a real image shown with another pair's condition counts as fake); latent 100, condition embedding 128 in G, DiffAugment colour, translation and cutout, generator average 0.99; each candidate is generated from a real image of its digit, in turn")
        : network == GanNetwork.Dcgan
        ? "conditional DCGAN (latent 100, the condition joined to the latent and as an extra image channel of D, matching-aware weight 1, classes balanced, DiffAugment colour, translation and cutout unless --set overrides it, generator average 0.99)"
        : "conditional MLP GAN (G 256-512, D 512-256, matching-aware weight 1, classes balanced)";

    private static string MeanSd(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {sd:F4}");
    }

    private static (Scores[] Scores, double GanSeconds, int[] TrainCounts) RunSeed(string artifacts, int[] rareDigits, double keep, int epochs, int seed,
        GanNetwork network, bool imageConditional, double[] ganShares, double[] onTop, string[] overrides, bool writeSamples)
    {
        var mlContext = new MLContext(seed);
        var (train, test) = Split(rareDigits, keep, seed);
        var trainCounts = train.GroupBy(d => d.Digit).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Console.WriteLine($"GanML augment, seed {seed}: digits {string.Join(", ", rareDigits)} cut to {keep:P0}; {train.Count} training rows " +
            $"[{string.Join(", ", trainCounts)}], {test.Count} balanced test rows. Artifacts: {artifacts}");
        var testView = mlContext.Data.LoadFromEnumerable(test);

        // The digit stays a plain integer in the data (the GAN's label); the classifier maps it to a key itself, in the
        // digits' order so that class k of the confusion matrix and slot k of the score are digit k.
        var trainer = mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(DigitRow.Digit), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var methods = Methods(ganShares, onTop, imageConditional);
        var results = new Scores[methods.Length];
        Scores Fit(int method, List<DigitRow> rows, out ITransformer model)
        {
            model = trainer.Fit(mlContext.Data.LoadFromEnumerable(rows));
            results[method] = Evaluate(mlContext, model, testView);
            Console.WriteLine($"  {methods[method]}: {results[method]}");
            return results[method];
        }

        var largest = trainCounts.Max();
        var random = new Random(seed);
        Fit(0, train, out _);
        Fit(1, TopUp(train, largest, digit => [], 0, random), out var oversampledModel);

        var perClass = FilterCandidates * (largest - trainCounts.Min());
        var (gan, ganSeconds, candidates) = imageConditional
            ? ImageConditionalGan(mlContext, train, epochs, perClass, seed, overrides)
            : LabelConditionalGan(mlContext, train, epochs, network, perClass, seed, overrides);
        using var disposeGan = gan;
        if (writeSamples)
        {
            var grid = candidates.SelectMany(rows => rows.Take(10)).ToList();
            GanImages.WriteGrid(mlContext.Data.LoadFromEnumerable(grid), nameof(DigitRow.Features), ImageShape.Grayscale(28, 28, scaleImage: 1f / 255), 10, 10,
                Path.Combine(artifacts, "augment-samples.png"));
        }

        // Candidates: FilterCandidates × the largest top-up of every digit, generated once; the unfiltered methods take
        // the first rows of each digit, the filtered ones the most confident.
        var confidence = Confidence(mlContext, oversampledModel, candidates.SelectMany(c => c).ToList());
        var filtered = candidates.Select((rows, digit) => rows
            .Select((row, i) => (row, score: confidence[(digit * perClass) + i]))
            .OrderByDescending(x => x.score).Select(x => x.row).ToList()).ToArray();
        List<List<DigitRow>[]> kinds = [candidates, filtered];
        if (!imageConditional)
        {
            // Rejection by D, class by class: each digit's top-up from its own kept candidates.
            var rejectionClock = Stopwatch.StartNew();
            kinds.Add(Generated(mlContext, gan.GeneratePerClass(largest - trainCounts.Min(), seed,
                new GanGenerationOptions { DiscriminatorRejection = true, RejectionBurnIn = RejectionBurnIn })));
            Console.WriteLine($"  rejection sampling: {rejectionClock.Elapsed.TotalSeconds:F0} s");
        }

        var next = 2;
        var balancedByTopUp = kinds.AsEnumerable();
        if (!imageConditional)
        {
            // Balanced with GAN rows only: the library's augmenting trainer, as users call it.
            var augmenting = mlContext.Gan().Augment(trainer, new GanAugmentationOptions { LabelColumnName = nameof(DigitRow.Digit), TrainedGan = gan, Seed = seed });
            results[next] = Evaluate(mlContext, augmenting.Fit(mlContext.Data.LoadFromEnumerable(train)), testView);
            Console.WriteLine($"  {methods[next]}: {results[next++]}");
            balancedByTopUp = kinds.Skip(1);
        }

        foreach (var kind in balancedByTopUp)
        {
            Fit(next++, TopUp(train, largest, digit => kind[digit], 1, random), out _);
        }

        foreach (var share in ganShares)
        {
            foreach (var kind in kinds)
            {
                Fit(next++, TopUp(train, largest, digit => kind[digit], share, random), out _);
            }
        }

        // GAN rows added beyond balance, and the same counts of repeated real rows: the control tells what the extra rows
        // do apart from raising the short digits' share of the data.
        foreach (var extra in onTop)
        {
            Fit(next++, TopUp(train, largest, digit => candidates[digit], 0, random, extra), out _);
            Fit(next++, TopUp(train, largest, digit => [], 0, random, extra), out _);
        }

        return (results, ganSeconds, trainCounts);
    }

    /// <summary>The label-conditional GAN, its training seconds and <paramref name="perClass"/> candidates of every digit.</summary>
    private static (GanTransformer Gan, double Seconds, List<DigitRow>[] Candidates) LabelConditionalGan(MLContext mlContext, List<DigitRow> train, int epochs, GanNetwork network,
        int perClass, int seed, string[] overrides)
    {
        var ganOptions = network == GanNetwork.Dcgan
            ? new GanTrainer.Options
            {
                LabelColumnName = nameof(DigitRow.Digit),
                Network = GanNetwork.Dcgan,
                Epochs = epochs,
                LatentDimension = 100,
                GeneratorAverageDecay = 0.99, // about 1,400 steps: 0.999 would still remember the first weights
                MismatchedConditionWeight = 1,
                BalanceClasses = true,
                DiscriminatorCalibrationSteps = CalibrationSteps,
                DiscriminatorAugmentation = GanImageAugmentation.Color | GanImageAugmentation.Translation | GanImageAugmentation.Cutout,
            }
            : new GanTrainer.Options
            {
                LabelColumnName = nameof(DigitRow.Digit),
                Epochs = epochs,
                LatentDimension = 64,
                GeneratorHiddenLayers = [256, 512],
                DiscriminatorHiddenLayers = [512, 256],
                DiscriminatorActivation = GanActivation.LeakyRelu,
                MismatchedConditionWeight = 1,
                BalanceClasses = true,
                DiscriminatorCalibrationSteps = CalibrationSteps,
            };
        OptionOverrides.Apply(ganOptions, overrides);
        var clock = Stopwatch.StartNew();
        var gan = TrainingConsole.Fit(mlContext, ganOptions, mlContext.Data.LoadFromEnumerable(train), "conditional GAN");
        return (gan, clock.Elapsed.TotalSeconds, Generated(mlContext, gan.GeneratePerClass(perClass, seed)));
    }

    /// <summary>
    /// The image-conditional GAN (DAGAN-like): trained on pairs of images of the same digit, the first the condition
    /// (scaled to [0, 1]) and the second the image to make; then <paramref name="perClass"/> candidates of every digit,
    /// candidate i from the digit's real image i modulo their count. The pairs teach G variations shared by all digits,
    /// which it applies to the few images of a rare one.
    /// </summary>
    private static (GanTransformer Gan, double Seconds, List<DigitRow>[] Candidates) ImageConditionalGan(MLContext mlContext, List<DigitRow> train, int epochs, int perClass,
        int seed, string[] overrides)
    {
        var random = new Random(seed);
        var byDigit = train.GroupBy(d => d.Digit).OrderBy(g => g.Key).Select(g => g.ToList()).ToArray();
        var pairs = new List<ImagePair>();
        foreach (var digits in byDigit)
        {
            for (var i = 0; i < digits.Count; i++)
            {
                for (var p = 0; p < PartnersPerRow; p++)
                {
                    var j = digits.Count == 1 ? i : (i + 1 + random.Next(digits.Count - 1)) % digits.Count;
                    pairs.Add(new ImagePair { Condition = Scaled(digits[i].Features), Features = digits[j].Features });
                }
            }
        }

        var ganOptions = new GanTrainer.Options
        {
            ConditionColumnName = nameof(ImagePair.Condition),
            Network = GanNetwork.Dcgan,
            Epochs = epochs,
            LatentDimension = 100,
            ConditionEmbeddingDimension = 128,
            GeneratorAverageDecay = 0.99,
            MismatchedConditionWeight = 1,
            DiscriminatorAugmentation = GanImageAugmentation.Color | GanImageAugmentation.Translation | GanImageAugmentation.Cutout,
        };
        OptionOverrides.Apply(ganOptions, overrides);
        var clock = Stopwatch.StartNew();
        var gan = TrainingConsole.Fit(mlContext, ganOptions, mlContext.Data.LoadFromEnumerable(pairs.OrderBy(_ => random.Next())), "image-conditional GAN");
        var seconds = clock.Elapsed.TotalSeconds;

        var requests = byDigit.SelectMany(digits => Enumerable.Range(0, perClass)
            .Select(i => new ImageRequest { Digit = digits[0].Digit, Condition = Scaled(digits[i % digits.Count].Features) })).ToList();
        var generated = gan.Transform(mlContext.Data.LoadFromEnumerable(requests));
        var images = generated.GetColumn<float[]>(gan.OutputColumnName).ToList();
        var candidates = byDigit.Select((digits, k) => Enumerable.Range(0, perClass)
            .Select(i => new DigitRow { Digit = digits[0].Digit, Features = images[(k * perClass) + i] }).ToList()).ToArray();
        return (gan, seconds, candidates);
    }

    private static float[] Scaled(float[] pixels) => Array.ConvertAll(pixels, v => v / 255f);

    /// <summary>
    /// Every digit topped up to <paramref name="largest"/> rows: <paramref name="ganShare"/> of the missing rows from
    /// the head of <paramref name="synthetic"/>'s list, the rest real rows of the digit drawn again uniformly with
    /// replacement; then <paramref name="extra"/> × the missing rows more, from the synthetic rows that follow (or, when
    /// <paramref name="synthetic"/> gives none, as repeated real rows); then shuffled.
    /// </summary>
    private static List<DigitRow> TopUp(List<DigitRow> train, int largest, Func<int, List<DigitRow>> synthetic, double ganShare, Random random, double extra = 0)
    {
        var result = new List<DigitRow>(train);
        foreach (var digits in train.GroupBy(d => d.Digit).Select(g => g.ToList()))
        {
            var missing = largest - digits.Count;
            var fromGan = (int)Math.Round(ganShare * missing);
            result.AddRange(synthetic(digits[0].Digit).Take(fromGan));
            result.AddRange(Enumerable.Range(0, missing - fromGan).Select(_ => digits[random.Next(digits.Count)]));
            var more = (int)Math.Round(extra * missing);
            var beyond = synthetic(digits[0].Digit).Skip(fromGan).Take(more).ToList();
            result.AddRange(beyond.Count > 0 ? beyond : Enumerable.Range(0, more).Select(_ => digits[random.Next(digits.Count)]));
        }

        return result.OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>Rows generated class by class (GeneratePerClass), split by digit.</summary>
    private static List<DigitRow>[] Generated(MLContext mlContext, IDataView perClass)
    {
        var rows = mlContext.Data.CreateEnumerable<DigitRow>(perClass, reuseRowObject: false).ToList();
        return rows.GroupBy(r => r.Digit).OrderBy(g => g.Key).Select(g => g.ToList()).ToArray();
    }

    /// <summary>The probability the classifier gives each row's own digit.</summary>
    private static float[] Confidence(MLContext mlContext, ITransformer classifier, List<DigitRow> rows)
    {
        var scored = classifier.Transform(mlContext.Data.LoadFromEnumerable(rows));
        var scores = scored.GetColumn<float[]>("Score").ToList();
        return rows.Select((row, i) => scores[i][row.Digit]).ToArray();
    }

    private static (List<DigitRow> Train, List<DigitRow> Test) Split(int[] rareDigits, double keep, int seed)
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

    private sealed class ImagePair
    {
        [VectorType(BundledMnist.PixelCount)]
        public float[] Condition { get; set; } = [];

        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }

    private sealed class ImageRequest
    {
        public int Digit { get; set; }

        [VectorType(BundledMnist.PixelCount)]
        public float[] Condition { get; set; } = [];
    }

    private sealed class DigitRow
    {
        public int Digit { get; set; }

        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }
}
