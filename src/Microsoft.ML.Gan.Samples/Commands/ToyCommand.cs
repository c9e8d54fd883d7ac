using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Samples.Toy;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>Which toy mixtures <see cref="ToyCommand"/> trains on.</summary>
internal enum ToyMixtures
{
    /// <summary>The 8-Gaussian ring and the 25-Gaussian grid.</summary>
    Both,

    /// <summary>The 8-Gaussian ring.</summary>
    Ring,

    /// <summary>The 25-Gaussian grid.</summary>
    Grid,
}

/// <summary>
/// Trains a GAN with each of the six losses on the 2-D toy mixtures and reports mode coverage, with a scatter plot per
/// mixture: the quickest way to see which losses cover every mode and which collapse or drop modes.
/// </summary>
internal static class ToyCommand
{
    public const int TrainingRows = 2048;
    public const int BatchSize = 64;
    private const int GeneratedRows = 2000;

    public static int Run(string artifacts, ToyMixtures which, int epochs, int? steps)
    {
        if (steps is int s)
        {
            // Training runs whole epochs: round the requested batches up to them.
            epochs = Math.Max(1, (s + (TrainingRows / BatchSize) - 1) / (TrainingRows / BatchSize));
        }

        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var mixtures = which switch
        {
            ToyMixtures.Ring => [GaussianMixture.Ring],
            ToyMixtures.Grid => [GaussianMixture.Grid],
            _ => new[] { GaussianMixture.Ring, GaussianMixture.Grid },
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# GanML toy mixtures ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Command: `dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- toy --mixture {which} --epochs {epochs}`. " +
            $"{TrainingRows:N0} training rows, {epochs} epochs of {TrainingRows / BatchSize} batches of {BatchSize}, MLP 128×2 " +
            $"(RingMixture.TrainingOptions), MLContext seed 1; {GeneratedRows:N0} generated rows per model. A sample is on-mode " +
            $"within {GaussianMixture.OnModeDeviations}σ of a centre.");
        Console.WriteLine($"GanML toy mixtures: six losses each, {epochs} epochs. Artifacts: {artifacts}");

        foreach (var mixture in mixtures)
        {
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"## {mixture.Description}");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"A mode is hit when it gets at least {mixture.ModeHitShare:P1} of the samples. Scatter plot: {mixture.Name}-scatter.png.");
            report.AppendLine();
            report.AppendLine("| loss | seconds | median distance to nearest centre | on-mode | modes hit |");
            report.AppendLine("|---|---|---|---|---|");
            var mlContext = new MLContext(seed: 1);
            var data = mixture.Create(mlContext, TrainingRows, seed: 101);
            var real = mixture.Points(GeneratedRows, seed: 7).ToList();
            var target = mixture.Measure(real);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| (real data) | | {target.MedianDistanceToNearestCentre:F3} | {target.OnModeFraction:P0} | {target.ModesHit}/{mixture.Centres.Count} |");

            var panels = new List<(string, IReadOnlyList<float[]>)>();
            foreach (var loss in Enum.GetValues<GanLoss>())
            {
                var clock = Stopwatch.StartNew();
                using var model = TrainingConsole.Fit(mlContext, RingMixture.TrainingOptions(loss, epochs), data, $"{mixture.Name} {loss}");
                var seconds = clock.Elapsed.TotalSeconds;
                var samples = mlContext.Data.CreateEnumerable<RingPoint>(model.Generate(GeneratedRows, seed: 123), reuseRowObject: false)
                    .Select(p => p.Features).ToList();
                var coverage = mixture.Measure(samples);
                Console.WriteLine($"{mixture.Name} {loss,-27} {seconds,6:F1} s  {coverage}");
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {loss} | {seconds:F1} | {coverage.MedianDistanceToNearestCentre:F3} | {coverage.OnModeFraction:P0} | {coverage.ModesHit}/{mixture.Centres.Count} |");
                panels.Add(($"{loss}: {coverage.ModesHit}/{mixture.Centres.Count} modes", samples));

                var name = $"{mixture.Name}-{loss}";
                mlContext.Model.Save(model, data.Schema, Path.Combine(artifacts, name + ".zip"));
                File.WriteAllLines(Path.Combine(artifacts, name + ".csv"),
                    samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]},{p[1]}")).Prepend("x,y"));
            }

            ScatterPlot.Write(Path.Combine(artifacts, $"{mixture.Name}-scatter.png"), mixture, real, panels);
        }

        report.AppendLine();
        report.AppendLine("Generated points are in <mixture>-<loss>.csv and the models in <mixture>-<loss>.zip " +
            "(try `generate --model artifacts/ring-NonSaturating.zip --out points.csv`).");
        var reportPath = Path.Combine(artifacts, "toy-report.md");
        File.WriteAllText(reportPath, report.ToString());
        Console.WriteLine($"Report: {reportPath}");
        return 0;
    }
}
