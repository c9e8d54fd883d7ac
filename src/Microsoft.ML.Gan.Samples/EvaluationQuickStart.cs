using System;
using System.IO;

namespace Microsoft.ML.Gan.Samples;

/// <summary>The evaluation example quoted verbatim by docs/EVALUATION.md (a test checks the quote).</summary>
public static class EvaluationQuickStart
{
    // evaluation quick start begins
    // real: labelled rows, Features (784 floats) and Label (a key), as BundledMnist.Load() gives;
    // generated: rows with the same Features column, for example model.Generate(1000, seed: 2).
    public static void WithDomainClassifier(IDataView real, IDataView generated, string folder)
    {
        var mlContext = new MLContext(seed: 1);
        var classifierPath = Path.Combine(folder, "mnist-classifier.zip");

        // Once: train the built-in classifier on the labelled real digits and save it like any ML.NET model, so every
        // run uses the same network.
        using (var trained = mlContext.Gan().TrainDomainClassifier(real, new GanDomainClassifier.Options { ImageSize = 28 }))
        {
            mlContext.Model.Save(trained, real.Schema, classifierPath);
        }

        // Every evaluation: FID, KID, precision/recall, density/coverage, Inception Score and mode statistics.
        using var classifier = (GanDomainClassifier)mlContext.Model.Load(classifierPath, out _);
        GanEvaluationMetrics metrics = mlContext.Gan().Evaluate(real, generated, classifier);
        Console.WriteLine(metrics); // every number with the extractor and sample sizes behind it
    }

    // Feature vectors (for example Inception pool3 activations) of real and generated data, in columns named Features.
    public static double FidFromFeatures(IDataView realFeatures, IDataView generatedFeatures, string folder)
    {
        var mlContext = new MLContext(seed: 1);
        var statisticsPath = Path.Combine(folder, "real-statistics.bin");

        // Once: the mean and covariance of the real features, saved.
        mlContext.Gan().ComputeFeatureStatistics(realFeatures, featureColumnName: "Features").Save(statisticsPath);

        // Every evaluation: reuse them.
        FrechetDistanceResult fid = mlContext.Gan().ComputeFrechetDistance(
            FeatureStatistics.Load(statisticsPath), generatedFeatures, featureColumnName: "Features");
        return fid.Value;
    }

    // Images as 3 × H × W floats in [0, 1] in columns named Features; an Inception v3 ONNX file whose output "pool3"
    // is the 2048-d vector (nothing is downloaded: bring the file).
    public static GanEvaluationMetrics InceptionFid(IDataView realImages, IDataView generatedImages, string inceptionOnnx)
    {
        var mlContext = new MLContext(seed: 1);
        // Resized to 299 × 299 (bilinear) and scaled to [-1, 1] by default, as pytorch-fid feeds Inception v3.
        using var inception = mlContext.Gan().OnnxFeatureExtractor(inceptionOnnx, new OnnxFeatureExtractor.Options
        {
            InputNodeName = "input",
            OutputNodeName = "pool3",
        });
        return mlContext.Gan().Evaluate(realImages, generatedImages, inception,
            new GanEvaluator.Options { Metrics = GanMetrics.FrechetDistance | GanMetrics.KernelInceptionDistance });
    }

    // evaluation quick start ends
}
