using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Trains a DCGAN on any folder of images through an ordinary ML.NET pipeline (LoadImages → ResizeImages →
/// [ConvertToGrayscale] → ExtractPixels → GAN) and saves the whole pipeline as one model zip.
/// </summary>
internal static class TrainImagesCommand
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static int Run(DirectoryInfo folder, string artifacts, int size, bool grayscale, int epochs, int seed)
    {
        if (!folder.Exists)
        {
            Console.Error.WriteLine($"The folder {folder.FullName} does not exist.");
            return 2;
        }

        var files = Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories)
            .Where(path => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => new ImageFile { ImagePath = Path.GetRelativePath(folder.FullName, path) })
            .ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"No images ({string.Join(", ", Extensions)}) in {folder.FullName} or its subfolders.");
            return 2;
        }

        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var mlContext = new MLContext(seed);
        var data = mlContext.Data.ShuffleRows(mlContext.Data.LoadFromEnumerable(files), seed: seed);

        // ExtractPixels writes planar channels (the layout the DCGAN expects) scaled to [0, 1].
        var preprocessing = mlContext.Transforms.LoadImages("Image", folder.FullName, nameof(ImageFile.ImagePath))
            .Append(mlContext.Transforms.ResizeImages("Image", size, size, resizing: ImageResizingEstimator.ResizingKind.IsoCrop));
        var pixels = grayscale
            ? preprocessing.Append(mlContext.Transforms.ConvertToGrayscale("Image"))
                .Append(mlContext.Transforms.ExtractPixels("Features", "Image", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255))
            : preprocessing.Append(mlContext.Transforms.ExtractPixels("Features", "Image", scaleImage: 1f / 255));

        var channels = grayscale ? 1 : 3;
        Console.WriteLine($"GanML train-images: {files.Length} images from {folder.FullName} as {channels} × {size} × {size}, {epochs} epochs. Artifacts: {artifacts}");
        var clock = Stopwatch.StartNew();
        var pixelTransformer = pixels.Fit(data);
        var options = new GanTrainer.Options
        {
            Network = GanNetwork.Dcgan,
            Epochs = epochs,
            BatchSize = Math.Min(64, files.Length),
            LatentDimension = 100,
            GeneratorAverageDecay = 0.999,
        };
        using var gan = TrainingConsole.Fit(mlContext, options, pixelTransformer.Transform(data), "DCGAN");
        var trainingTime = clock.Elapsed;

        // One zip holds the whole pipeline: loading it gives back image loading, resizing, pixels and the generator.
        var modelPath = Path.Combine(artifacts, "images-dcgan.zip");
        mlContext.Model.Save(pixelTransformer.Append(gan), data.Schema, modelPath);
        var gridPath = Path.Combine(artifacts, "images-samples.png");
        GanImages.WriteGrid(gan.Generate(64, seed: 1), gan.FeatureColumnName, gan.ImageShape!.Value, 8, 8, gridPath);
        var lossPath = Path.Combine(artifacts, "images-losses.png");
        GanImages.WriteLossCurve(gan.TrainingHistory, lossPath);

        var last = gan.TrainingHistory[^1];
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"GanML train-images ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC): {files.Length} images from {folder.FullName}");
        report.AppendLine(CultureInfo.InvariantCulture, $"Images: {channels} × {size} × {size}; training: {gan.TrainingHistory.Count} epochs in {trainingTime.TotalMinutes:F1} min");
        report.AppendLine(CultureInfo.InvariantCulture, $"Last epoch: D loss {last.DiscriminatorLoss:F3}, G loss {last.GeneratorLoss:F3}");
        report.AppendLine($"Files: {Path.GetFileName(gridPath)} (64 samples), {Path.GetFileName(lossPath)}, {Path.GetFileName(modelPath)} (the whole pipeline)");
        report.AppendLine($"More samples: generate --model {modelPath} --count 100 --out <folder>");
        File.WriteAllText(Path.Combine(artifacts, "images-report.txt"), report.ToString());
        Console.Write(report);
        return 0;
    }

    private sealed class ImageFile
    {
        public string ImagePath { get; set; } = string.Empty;
    }
}
