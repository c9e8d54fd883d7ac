using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Samples.Toy;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>Overrides of the library's defaults for one sweep; <see langword="null"/> keeps the default.</summary>
internal sealed record ToyOverrides(double? LearningRate, int? BatchSize, int? Width, double? AverageDecay, int? PackSize, double? DiscriminatorLearningRate = null,
    GanOutputActivation? Output = null, int? CalibrationSteps = null, int[]? GeneratorLayers = null, int[]? DiscriminatorLayers = null,
    string[]? Set = null)
{
    public GanTrainer.Options Apply(GanTrainer.Options options)
    {
        if (LearningRate is double rate)
        {
            options.GeneratorLearningRate = rate;
            options.DiscriminatorLearningRate = rate;
        }

        options.DiscriminatorLearningRate = DiscriminatorLearningRate ?? options.DiscriminatorLearningRate;
        options.GeneratorOutputActivation = Output ?? options.GeneratorOutputActivation;
        options.DiscriminatorCalibrationSteps = CalibrationSteps ?? options.DiscriminatorCalibrationSteps;
        options.BatchSize = BatchSize ?? options.BatchSize;
        if (Width is int width)
        {
            options.GeneratorHiddenLayers = [width, width];
            options.DiscriminatorHiddenLayers = [width, width];
        }

        options.GeneratorHiddenLayers = GeneratorLayers ?? options.GeneratorHiddenLayers;
        options.DiscriminatorHiddenLayers = DiscriminatorLayers ?? options.DiscriminatorHiddenLayers;

        options.GeneratorAverageDecay = AverageDecay ?? options.GeneratorAverageDecay;
        options.PackSize = PackSize ?? options.PackSize;
        return OptionOverrides.Apply(options, Set ?? []);
    }

    public override string ToString() =>
        string.Join(", ", new[]
        {
            LearningRate is null ? null : $"lr {LearningRate}",
            BatchSize is null ? null : $"batch {BatchSize}",
            Width is null ? null : $"width {Width}",
            AverageDecay is null ? null : $"average {AverageDecay}",
            PackSize is null ? null : $"PackSize {PackSize}",
            DiscriminatorLearningRate is null ? null : $"D lr {DiscriminatorLearningRate}",
            Output is null ? null : $"{Output} output",
            CalibrationSteps is null ? null : $"{CalibrationSteps} calibration steps",
            GeneratorLayers is null ? null : $"G layers {string.Join('×', GeneratorLayers)}",
            DiscriminatorLayers is null ? null : $"D layers {string.Join('×', DiscriminatorLayers)}",
            Set is not { Length: > 0 } ? null : string.Join(", ", Set),
        }.Where(s => s is not null)) is { Length: > 0 } text ? text : "library defaults";
}

/// <summary>
/// The PacGAN/VEEGAN protocol through the public API: train on 100,000 points of a mixture with the library's defaults
/// (only the loss, epochs and seed set, plus any overrides), generate 2,500 samples, and report modes, high-quality
/// samples and modes20 per seed with the mean and spread over the seeds.
/// </summary>
internal static class ToyProtocolCommand
{
    public static int Run(string artifacts, ToyMixtures which, IReadOnlyList<GanLoss> losses, int seeds, int epochs, int rows, int samples,
        ToyOverrides overrides, double? truncation = null, double? rejection = null)
    {
        // Each trained model is measured plainly, and also with each generation option asked for.
        var variants = new List<(string Name, GanGenerationOptions? Options)> { ("", null) };
        if (truncation is double threshold)
        {
            variants.Add(($" + truncation {threshold}", new GanGenerationOptions { TruncationThreshold = threshold }));
        }

        if (rejection is double percentile)
        {
            variants.Add(($" + rejection (γ at {percentile:P0})", new GanGenerationOptions { DiscriminatorRejection = true, RejectionPercentile = percentile }));
        }

        var mixture = which == ToyMixtures.Ring ? GaussianMixture.NarrowRing : GaussianMixture.Grid;
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{mixture.Description}: {rows:N0} training points, {epochs} epochs, {samples:N0} samples, seeds 1–{seeds}, {overrides}.");
        report.AppendLine();
        report.AppendLine("| loss | modes | HQ | modes20 | seconds | per seed (modes/HQ/modes20) |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var loss in losses)
        {
            var results = variants.Select(_ => new List<(ProtocolQuality Quality, double Seconds)>()).ToArray();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var mlContext = new MLContext(seed: seed);
                var data = mixture.Create(mlContext, rows, seed: 1000 + seed);
                var options = overrides.Apply(new GanTrainer.Options { Loss = loss, Epochs = epochs, Seed = seed });
                var clock = Stopwatch.StartNew();
                using var model = mlContext.Gan().Trainer(options).Fit(data);
                var seconds = clock.Elapsed.TotalSeconds;
                for (var v = 0; v < variants.Count; v++)
                {
                    var generated = variants[v].Options is { } generation ? model.Generate(samples, seed, generation) : model.Generate(samples, seed);
                    var points = mlContext.Data.CreateEnumerable<RingPoint>(generated, reuseRowObject: false).Select(p => p.Features).ToList();
                    var quality = mixture.MeasureProtocol(points);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{mixture.Name} {loss}{variants[v].Name} seed {seed}: {quality.Modes} modes, {quality.HighQuality:P1} HQ, {quality.Modes20} modes20 " +
                        $"({seconds:F0} s; D loss by epoch {string.Join(" ", model.TrainingHistory.Select(e => e.DiscriminatorLoss.ToString("F3", CultureInfo.InvariantCulture)))})"));
                    results[v].Add((quality, seconds));
                }
            }

            for (var v = 0; v < variants.Count; v++)
            {
                var r = results[v];
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {loss}{variants[v].Name} | {Spread(r.Select(x => (double)x.Quality.Modes), "F1")} | {Spread(r.Select(x => 100 * x.Quality.HighQuality), "F1")}% " +
                    $"| {Spread(r.Select(x => (double)x.Quality.Modes20), "F1")} | {r.Average(x => x.Seconds):F0} " +
                    $"| {string.Join(" · ", r.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Quality.Modes}/{100 * x.Quality.HighQuality:F1}/{x.Quality.Modes20}")))} |");
            }
        }

        Console.WriteLine();
        Console.Write(report);
        File.AppendAllText(Path.Combine(artifacts, $"toy-protocol-{mixture.Name}.md"), report.AppendLine().ToString());
        return 0;
    }

    /// <summary>Mean ± sample standard deviation.</summary>
    private static string Spread(IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        var mean = list.Average();
        var deviation = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {deviation.ToString(format, CultureInfo.InvariantCulture)}");
    }
}
