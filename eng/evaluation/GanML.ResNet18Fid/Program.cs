using System;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Samples.Data;

// Usage: dotnet run --project eng/evaluation/GanML.ResNet18Fid -c Release [-- <rows per real half> <generated rows> <epochs>]
var half = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var generatedCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
var epochs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;

var mlContext = new MLContext(seed: 1);
// The digits permuted with seed 1 and the ML.NET pipeline (rows → image → 224 × 224 → ResNet18) feeding GanML's FID
// statistics, as the main job measures them.
var fid = new MnistResNet18Fid(mlContext, seed: 1);
Console.WriteLine($"Extractor: {fid.ExtractorName}");

// Wall time depends on what else the machine runs; the process's CPU time much less.
var process = Process.GetCurrentProcess();
var clock = Stopwatch.StartNew();
var cpuBefore = process.TotalProcessorTime;
var firstStatistics = fid.Statistics(fid.RealRows(0, half));
var halves = mlContext.Gan().ComputeFrechetDistance(firstStatistics, fid.Statistics(fid.RealRows(half, half)));
var realSeconds = clock.Elapsed.TotalSeconds;
process.Refresh();
var realCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
Console.WriteLine($"real vs real ({half} + {half} digits): FID-ResNet18 {halves.Value:F3} (mean term {halves.MeanTerm:F3}, covariance term {halves.CovarianceTerm:F3})");
Console.WriteLine($"featurizing {2 * half} images took {realSeconds:F1} s wall, {realCpuSeconds:F1} s CPU ({Environment.ProcessorCount} cores): " +
    $"{realSeconds / (2 * half) * 10_000:F0} s wall and {realCpuSeconds / (2 * half) * 10_000:F0} s CPU per 10,000 images");

// Seeded explicitly: a seed drawn from the MLContext would depend on how many ML.NET components were created before.
var options = new GanTrainer.Options { Network = GanNetwork.Dcgan, Epochs = epochs, BatchSize = 64, LatentDimension = 100, GeneratorAverageDecay = 0.999, Seed = 1 };
clock.Restart();
using var gan = mlContext.Gan().Trainer(options).Fit(fid.Digits);
Console.WriteLine($"DCGAN (the main job's settings), {epochs} epoch(s) on 10,000 digits: {clock.Elapsed.TotalSeconds:F0} s");
var generated = gan.Generate(generatedCount, seed: 7);
clock.Restart();
var fake = mlContext.Gan().ComputeFrechetDistance(firstStatistics, fid.Statistics(generated));
Console.WriteLine($"real ({half}) vs generated ({generatedCount}): FID-ResNet18 {fake.Value:F3} (mean term {fake.MeanTerm:F3}, covariance term {fake.CovarianceTerm:F3}); featurized in {clock.Elapsed.TotalSeconds:F1} s");
return 0;
