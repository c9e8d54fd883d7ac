using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds <c>mlContext.Gan().ResNet18FeatureExtractor(...)</c>, from the Microsoft.ML.Gan.DnnImageFeaturizer.ResNet18 package.
/// </summary>
public static class GanResNet18CatalogExtensions
{
    /// <summary>
    /// Creates a feature extractor on the ImageNet ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18: 512 features
    /// per image, for FID-ResNet18 (not Inception v3 FID; see <see cref="ResNet18FeatureExtractor"/>).
    /// </summary>
    /// <param name="catalog">The GAN catalog.</param>
    /// <param name="shape">How the rows of the source column hold images (as given to <c>ConvertToImage</c>): the
    /// pixel values are turned back into 0–255 images, so set its scale and offset to the data's.</param>
    /// <param name="sourceColumnName">The image rows: a vector of <see cref="ImageShape.Length"/> floats.</param>
    /// <param name="modelDirectory">The folder with ResNet18Onnx/ and ResNetPrepOnnx/; <see langword="null"/> (the
    /// default): the DnnImageModels folder that the package copies next to the application.</param>
    /// <returns>An extractor for <c>mlContext.Gan().Evaluate</c> and <see cref="GanEvaluator"/>.</returns>
    /// <example>
    /// <code>
    /// var resnet = mlContext.Gan().ResNet18FeatureExtractor(ImageShape.Grayscale(28, 28, scaleImage: 1 / 255f));
    /// GanEvaluationMetrics metrics = mlContext.Gan().Evaluate(real, generated, resnet);   // metrics.FrechetDistance: FID-ResNet18
    /// </code>
    /// </example>
    public static ResNet18FeatureExtractor ResNet18FeatureExtractor(
        this GanCatalog catalog, ImageShape shape, string sourceColumnName = GanEvaluator.Defaults.FeatureColumnName, string? modelDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ResNet18FeatureExtractor(catalog.Context, shape, sourceColumnName, modelDirectory);
    }
}
