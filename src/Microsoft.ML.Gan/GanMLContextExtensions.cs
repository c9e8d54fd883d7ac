using System;

using Microsoft.ML.Gan;

namespace Microsoft.ML;

/// <summary>
/// Adds the <see cref="GanCatalog"/> entry point to <see cref="MLContext"/>: <c>mlContext.Gan()</c>.
/// </summary>
/// <remarks>
/// The class lives in the <c>Microsoft.ML</c> namespace so that <c>using Microsoft.ML;</c> is enough, as with
/// ML.NET's own catalogs.
/// </remarks>
public static class GanMLContextExtensions
{
    /// <summary>
    /// Returns the catalog of generative adversarial network trainers and operations, and enables this context to load
    /// saved GAN models: call it once before <c>mlContext.Model.Load</c> of a model that contains a GAN (ML.NET keeps a
    /// separate component catalog per context; without the call, <c>Load</c> fails with "Couldn't load model"), or load
    /// with <c>mlContext.Model.LoadGan</c>, which registers the loaders itself.
    /// </summary>
    /// <param name="mlContext">The ML.NET context. Its seed makes training reproducible, its log receives
    /// progress, and its <see cref="MLContext.GpuDeviceId"/> selects the device.</param>
    /// <example>
    /// <code>
    /// var mlContext = new MLContext(seed: 1);
    /// GanTransformer model = mlContext.Gan().Fit(data);
    /// IDataView synthetic = model.Generate(count: 1000, seed: 7);
    /// </code>
    /// </example>
    public static GanCatalog Gan(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new GanCatalog(mlContext);
    }
}
