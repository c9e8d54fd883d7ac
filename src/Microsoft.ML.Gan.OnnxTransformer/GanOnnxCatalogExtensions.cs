using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds the ONNX feature extractor to <see cref="GanCatalog"/>: <c>mlContext.Gan().OnnxFeatureExtractor(...)</c>.
/// </summary>
public static class GanOnnxCatalogExtensions
{
    /// <summary>
    /// Creates a feature extractor that runs an ONNX model (for FID, Inception v3 up to its 2048-d pool3 output) on an
    /// image column, resizing and rescaling the images as pytorch-fid does.
    /// </summary>
    /// <param name="catalog">The GAN catalog, <c>mlContext.Gan()</c>.</param>
    /// <param name="modelPath">The ONNX file; nothing is downloaded.</param>
    /// <param name="options">Node names and preprocessing; <see langword="null"/> for the Inception-style defaults.</param>
    /// <returns>The extractor; dispose it to release the ONNX Runtime session. The application references a native
    /// ONNX Runtime package such as Microsoft.ML.OnnxRuntime.</returns>
    public static OnnxFeatureExtractor OnnxFeatureExtractor(this GanCatalog catalog, string modelPath, OnnxFeatureExtractor.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, modelPath, options ?? new OnnxFeatureExtractor.Options());
    }
}
