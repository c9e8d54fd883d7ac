using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Samples.Data;

// Usage: dotnet run --project eng/evaluation/GanML.ResNet18Fid -c Release [-- <rows per real half> <generated rows> <epochs>]
var half = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var generatedCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
var epochs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;

var mlContext = new MLContext(seed: 1);
// The bundled digits are sorted by class, and ShuffleRows only mixes within a pool of 1,000 rows: permute them all, so
// that the two halves are random halves.
var rows = mlContext.Data.CreateEnumerable<Digit>(BundledMnist.Load(), reuseRowObject: false).ToArray();
new Random(1).Shuffle(rows);
var digits = mlContext.Data.LoadFromEnumerable(rows);
var first = mlContext.Data.TakeRows(digits, half);
var second = mlContext.Data.TakeRows(mlContext.Data.SkipRows(digits, half), half);
var extractor = mlContext.Gan().ResNet18FeatureExtractor(ImageShape.Grayscale(BundledMnist.ImageSize, BundledMnist.ImageSize, scaleImage: 1 / 255f));
Console.WriteLine($"Extractor: {extractor.Name}");

// The ML.NET pipeline (rows → image → 224 × 224 → ResNet18) feeding GanML's FID statistics.
const string Column = "ResNet18";
var featurizer = extractor.CreateFeaturizer(Column);
// Wall time depends on what else the machine runs; the process's CPU time much less.
var process = Process.GetCurrentProcess();
var clock = Stopwatch.StartNew();
var cpuBefore = process.TotalProcessorTime;
var firstStatistics = mlContext.Gan().ComputeFeatureStatistics(featurizer.Fit(first).Transform(first), Column);
var halves = mlContext.Gan().ComputeFrechetDistance(firstStatistics, featurizer.Fit(second).Transform(second), Column);
var realSeconds = clock.Elapsed.TotalSeconds;
process.Refresh();
var realCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
Console.WriteLine($"real vs real ({half} + {half} digits): FID-ResNet18 {halves.Value:F3} (mean term {halves.MeanTerm:F3}, covariance term {halves.CovarianceTerm:F3})");
Console.WriteLine($"featurizing {2 * half} images took {realSeconds:F1} s wall, {realCpuSeconds:F1} s CPU ({Environment.ProcessorCount} cores): " +
    $"{realSeconds / (2 * half) * 10_000:F0} s wall and {realCpuSeconds / (2 * half) * 10_000:F0} s CPU per 10,000 images");

var options = new GanTrainer.Options { Network = GanNetwork.Dcgan, Epochs = epochs, BatchSize = 64, LatentDimension = 100, GeneratorAverageDecay = 0.999 };
clock.Restart();
using var gan = mlContext.Gan().Trainer(options).Fit(digits);
Console.WriteLine($"DCGAN (the main job's settings), {epochs} epoch(s) on 10,000 digits: {clock.Elapsed.TotalSeconds:F0} s");
var generated = gan.Generate(generatedCount, seed: 7);
clock.Restart();
var fake = mlContext.Gan().ComputeFrechetDistance(firstStatistics, featurizer.Fit(generated).Transform(generated), Column);
Console.WriteLine($"real ({half}) vs generated ({generatedCount}): FID-ResNet18 {fake.Value:F3} (mean term {fake.MeanTerm:F3}, covariance term {fake.CovarianceTerm:F3}); featurized in {clock.Elapsed.TotalSeconds:F1} s");
return 0;

/// <summary>One bundled digit's pixels.</summary>
internal sealed class Digit
{
    [VectorType(BundledMnist.PixelCount)]
    public float[] Features { get; set; } = [];
}
