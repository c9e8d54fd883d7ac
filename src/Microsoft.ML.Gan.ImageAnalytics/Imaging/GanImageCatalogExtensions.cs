using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds image output to <see cref="GanCatalog"/>: <c>mlContext.Gan().ConvertToImage(...)</c>.
/// </summary>
public static class GanImageCatalogExtensions
{
    /// <summary>
    /// Creates an estimator that adds an <see cref="Data.MLImage"/> column made from a generated float vector column,
    /// undoing the <c>ExtractPixels</c> transform that made the training rows. Append it after a
    /// <see cref="GanTransformer"/> or to any pipeline; it also lets this context load saved pipelines that contain it.
    /// </summary>
    /// <param name="catalog">The GAN catalog, <c>mlContext.Gan()</c>.</param>
    /// <param name="outputColumnName">The image column to add.</param>
    /// <param name="shape">The image size and the <c>ExtractPixels</c> settings of the training rows.</param>
    /// <param name="inputColumnName">The vector column to read; <c>Generated</c> (the GAN's default output) when
    /// <see langword="null"/>.</param>
    /// <returns>An estimator that composes with <c>Append</c>.</returns>
    /// <example>
    /// <code>
    /// var shape = ImageShape.Rgb(32, 32, scaleImage: 1 / 255f);   // rows from ExtractPixels(scaleImage: 1 / 255f)
    /// var images = mlContext.Gan().ConvertToImage("Image", shape).Fit(generated).Transform(generated);
    /// GanImages.WriteGrid(images, "Image", gridRows: 4, gridColumns: 8, "samples.png");
    /// </code>
    /// </example>
    public static GeneratedImageEstimator ConvertToImage(this GanCatalog catalog, string outputColumnName, ImageShape shape, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        GeneratedImagePersistence.RegisterLoader(catalog.Context);
        return new GeneratedImageEstimator(outputColumnName, inputColumnName ?? GanTrainer.Defaults.OutputColumnName, shape);
    }
}
