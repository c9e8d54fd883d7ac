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
/// The main job: a DCGAN trained on the bundled MNIST digits, then judged by a digit classifier trained on the real
/// digits (which labels do the generated digits get, and how evenly: mode collapse shows as a lopsided histogram), and
/// measured with GanML's evaluator (FID, KID, IS, precision/recall, density/coverage, modes) through its domain classifier.
/// The <c>mnist-vectors</c> command runs the same job with MLP networks on the digits as flat vectors, at the library's
/// defaults for vectors unless a loss or learning rate is given.
/// </summary>
internal static class MnistGanCommand
{
    public static int Run(string artifacts, int epochs, int seed) => Run(artifacts, epochs, seed, GanNetwork.Dcgan, loss: null, learningRate: null);

    public static int Run(string artifacts, int epochs, int seed, GanNetwork network, GanLoss? loss, double? learningRate)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var mlContext = new MLContext(seed);
        var digits = mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: seed);
        var options = network == GanNetwork.Dcgan
            ? new GanTrainer.Options { Network = GanNetwork.Dcgan, BatchSize = 64, LatentDimension = 100, GeneratorAverageDecay = 0.999 }
            : new GanTrainer.Options { Network = GanNetwork.Mlp };
        options.Epochs = epochs;
        options.Loss = loss;
        options.GeneratorLearningRate = options.DiscriminatorLearningRate = learningRate;
        var (job, name, zip) = network == GanNetwork.Dcgan ? ("main job", "DCGAN", "mnist-dcgan.zip") : ("MNIST as vectors", "MLP GAN", "mnist-mlp.zip");
        var command = network == GanNetwork.Dcgan ? "" : string.Create(CultureInfo.InvariantCulture,
            $" mnist-vectors{(loss is { } l ? $" --loss {l}" : "")}{(learningRate is { } r ? $" --lr {r:g}" : "")}");
        Console.WriteLine($"GanML {job}: {name} on the bundled MNIST (10,000 digits), {epochs} epochs, seed {seed}. Artifacts: {artifacts}");

        var clock = Stopwatch.StartNew();
        using var model = TrainingConsole.Fit(mlContext, options, digits, name);
        var trainingTime = clock.Elapsed;
        var trainedEpochs = model.TrainingHistory.Count;

        var shape = model.ImageShape ?? ImageShape.Grayscale(28, 28, scaleImage: 1f / 255); // 28 × 28 grey, pixels in [0, 1] as BundledMnist loads them
        var gridPath = Path.Combine(artifacts, "mnist-samples.png");
        GanImages.WriteGrid(model.Generate(100, seed: 1), "Features", shape, 10, 10, gridPath);
        var lossPath = Path.Combine(artifacts, "mnist-losses.png");
        GanImages.WriteLossCurve(model.TrainingHistory, lossPath);
        var modelPath = Path.Combine(artifacts, zip);
        mlContext.Model.Save(model, digits.Schema, modelPath);

        // A plain ML.NET classifier trained on the real digits labels 1,000 generated ones.
        clock.Restart();
        var classifier = mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(digits);
        var generated = mlContext.Data.LoadFromEnumerable(
            mlContext.Data.CreateEnumerable<Digit>(model.Generate(1000, seed: 2), reuseRowObject: false));
        var predicted = classifier.Transform(generated).GetColumn<uint>("PredictedLabel").ToArray();
        var histogram = Enumerable.Range(1, 10).Select(key => predicted.Count(p => p == key)).ToArray();
        var classifierTime = clock.Elapsed;

        // The evaluator with the built-in CNN classifier trained on the real digits: FID, KID, IS, precision/recall,
        // density/coverage and mode statistics of the same 1,000 generated digits against the 10,000 real ones.
        clock.Restart();
        using var domainClassifier = mlContext.Gan().TrainDomainClassifier(digits, new GanDomainClassifier.Options { ImageSize = 28, Epochs = 3 });
        mlContext.Model.Save(domainClassifier, digits.Schema, Path.Combine(artifacts, "mnist-classifier.zip"));
        var metrics = mlContext.Gan().Evaluate(digits, generated, domainClassifier);
        var evaluationTime = clock.Elapsed;

        // FID on a standard pretrained network: the 512 pool features of ML.NET's packaged ImageNet ResNet18, so the
        // figure compares with other projects that use the same network (not with Inception v3 FID).
        clock.Restart();
        var resNet = ResNet18Fid(mlContext, model, seed);
        var resNetTime = clock.Elapsed;

        var last = model.TrainingHistory[^1];
        var settingsLine = string.Create(CultureInfo.InvariantCulture, $"{model.Loss} loss, {(learningRate is { } rate ? $"learning rate {rate:g}" : "its default learning rates")}");
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"GanML {job}: {name} ({settingsLine}) on the bundled MNIST ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: dotnet run --project src/Microsoft.ML.Gan.Samples -c Release --{command} --epochs {epochs} --seed {seed}");
        report.AppendLine(CultureInfo.InvariantCulture, $"Training: {trainedEpochs} epochs of 10,000 digits in {trainingTime.TotalMinutes:F1} min ({trainingTime.TotalSeconds / Math.Max(1, trainedEpochs):F1} s per epoch)");
        report.AppendLine(CultureInfo.InvariantCulture, $"Last epoch: D loss {last.DiscriminatorLoss:F3}, G loss {last.GeneratorLoss:F3}");
        report.AppendLine(CultureInfo.InvariantCulture, $"Labels that a classifier trained on the real digits (LbfgsMaximumEntropy, {classifierTime.TotalSeconds:F0} s) gives 1,000 generated digits:");
        for (var digit = 0; digit < 10; digit++)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {digit}: {histogram[digit],4} {new string('#', histogram[digit] / 5)}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Digits that receive at least 2%: {histogram.Count(h => h >= 20)} of 10");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Evaluation against the 10,000 real digits with GanML's domain classifier (3 epochs, training accuracy {domainClassifier.TrainingAccuracy:P1}; {evaluationTime.TotalSeconds:F0} s):");
        report.Append(metrics);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"FID-ResNet18 (ImageNet ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, 224 × 224; not Inception FID), {ResNetRows:N0} real digits against {ResNetRows:N0} others ({resNetTime.TotalSeconds:F0} s):");
        report.AppendLine(CultureInfo.InvariantCulture, $"  generated: {resNet.Generated.Value:F2} (mean term {resNet.Generated.MeanTerm:F2}, covariance term {resNet.Generated.CovarianceTerm:F2})");
        report.AppendLine(CultureInfo.InvariantCulture, $"  real (the floor at this sample size): {resNet.Real.Value:F2} (mean term {resNet.Real.MeanTerm:F2}, covariance term {resNet.Real.CovarianceTerm:F2})");
        report.AppendLine($"Files: {Path.GetFileName(gridPath)} (100 samples), {Path.GetFileName(lossPath)}, {Path.GetFileName(modelPath)}, mnist-classifier.zip");
        var reportPath = Path.Combine(artifacts, "mnist-report.txt");
        File.WriteAllText(reportPath, report.ToString());
        Console.Write(report);
        return 0;
    }

    // Rows per side: docs/EVALUATION.md gives real-vs-real and 1-epoch figures at this size.
    private const int ResNetRows = 2_500;

    /// <summary>FID-ResNet18 of <see cref="ResNetRows"/> real digits against as many generated ones and as many other real ones.</summary>
    private static (FrechetDistanceResult Generated, FrechetDistanceResult Real) ResNet18Fid(MLContext mlContext, GanTransformer model, int seed)
    {
        var fid = new MnistResNet18Fid(mlContext, seed);
        var real = fid.Statistics(fid.RealRows(0, ResNetRows));
        var otherReal = fid.Statistics(fid.RealRows(ResNetRows, ResNetRows));
        var generated = fid.Statistics(model.Generate(ResNetRows, seed: 3));
        return (mlContext.Gan().ComputeFrechetDistance(real, generated), mlContext.Gan().ComputeFrechetDistance(real, otherReal));
    }

    private sealed class Digit
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];
    }
}
