using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Samples.Toy;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// The main job until the image samples land: train a GAN with each of the six losses on the 8-Gaussian ring and report
/// how close each one gets, with every number rerunnable from this command.
/// </summary>
internal static class RingDemoCommand
{
    public static int Run(string artifacts, int epochs)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var report = new StringBuilder();
        report.AppendLine($"# GanML ring demo ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine($"8 Gaussians (std {RingMixture.StandardDeviation}) on a circle of radius {RingMixture.Radius}; 2,048 training rows, " +
            $"{epochs} epochs, batch 64, MLP 128×2, seed 1. 2,000 generated rows per model.");
        report.AppendLine();
        report.AppendLine("| loss | seconds | median distance to nearest centre | median radial error | on-mode | modes hit (≥2%) |");
        report.AppendLine("|---|---|---|---|---|---|");

        var mlContext = new MLContext(seed: 1);
        var data = RingMixture.Create(mlContext, rows: 2048, seed: 101);
        Console.WriteLine($"GanML ring demo: six losses, {epochs} epochs each. Artifacts: {artifacts}");
        foreach (var loss in Enum.GetValues<GanLoss>())
        {
            var options = RingMixture.TrainingOptions(loss, epochs);
            options.Progress = new ConsoleProgress(loss.ToString(), epochs);

            var clock = Stopwatch.StartNew();
            using var model = mlContext.Gan().Trainer(options).Fit(data);
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = mlContext.Data.CreateEnumerable<RingPoint>(model.Generate(2000, seed: 123), reuseRowObject: false)
                .Select(p => p.Features).ToList();
            var quality = RingMixture.Measure(samples);
            Console.WriteLine($"{(Console.IsOutputRedirected ? string.Empty : "\r")}{loss,-27} {seconds,6:F1} s  {quality}");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {loss} | {seconds:F1} | {quality.MedianDistanceToNearestCentre:F3} | {quality.MedianRadialError:F3} | {quality.OnModeFraction:P0} | {quality.ModesHit} |");
            mlContext.Model.Save(model, data.Schema, Path.Combine(artifacts, $"ring-{loss}.zip"));
            File.WriteAllLines(Path.Combine(artifacts, $"ring-{loss}.csv"),
                samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]},{p[1]}")).Prepend("x,y"));
        }

        report.AppendLine();
        report.AppendLine("Target data score about 0.06 / 0.03 / 100% / 8. Generated points are in ring-<loss>.csv and the models in " +
            "ring-<loss>.zip (try `generate --model artifacts/ring-Minimax.zip --out points.csv`).");
        File.WriteAllText(Path.Combine(artifacts, "ring-report.md"), report.ToString());
        Console.WriteLine($"Report: {Path.Combine(artifacts, "ring-report.md")}");
        return 0;
    }
}
