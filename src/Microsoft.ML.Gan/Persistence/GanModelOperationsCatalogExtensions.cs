using System;
using System.IO;
using Microsoft.ML.Gan;

namespace Microsoft.ML;

/// <summary>
/// Adds <c>mlContext.Model.LoadGan</c>: <c>mlContext.Model.Load</c> for a model zip that contains GanML components,
/// with no earlier <c>mlContext.Gan()</c> call needed.
/// </summary>
/// <remarks>
/// <para>ML.NET finds the loader of each saved component in the loading context's component catalog. It registers the
/// loaders of an assembly by scanning it for its own <c>LoadableClass</c> attribute, which is internal to ML.NET, so a
/// library outside ML.NET cannot be found by that scan: a GanML model loaded with plain <c>Model.Load</c> on a context
/// where <c>mlContext.Gan()</c> was never called fails with ML.NET's <c>Couldn't load model: 'TransformerChain'</c>.
/// <see cref="LoadGan(ModelOperationsCatalog, string, out DataViewSchema)"/> registers GanML's loaders on the
/// context first, then loads.</para>
/// </remarks>
public static class GanModelOperationsCatalogExtensions
{
    /// <summary>
    /// Loads a model zip written by <c>mlContext.Model.Save</c> that contains GanML transformers (alone or in a
    /// pipeline with any ML.NET transformers), registering GanML's loaders on this context first.
    /// </summary>
    /// <param name="catalog">The context's <c>Model</c> catalog; its <see cref="MLContext.GpuDeviceId"/> and
    /// <see cref="MLContext.FallbackToCpu"/> pick the device that the loaded networks go to.</param>
    /// <param name="filePath">The model zip.</param>
    /// <param name="inputSchema">The schema of the data the model was saved with.</param>
    /// <returns>The loaded transformer: a <see cref="GanTransformer"/> (or another GanML transformer) for a model saved
    /// alone, else a <see cref="Data.TransformerChain{TLastTransformer}"/>.</returns>
    /// <exception cref="FormatException">The file is not a model zip, or a component in it belongs to a library whose
    /// loader this context does not have; the message says which.</exception>
    /// <example>
    /// <code>
    /// var mlContext = new MLContext();
    /// var gan = (GanTransformer)mlContext.Model.LoadGan("gan.zip", out var schema);
    /// </code>
    /// </example>
    public static ITransformer LoadGan(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        using var stream = File.OpenRead(filePath);
        return Load(catalog, stream, filePath, out inputSchema);
    }

    /// <summary>
    /// Loads a model zip from a stream, registering GanML's loaders on this context first; see
    /// <see cref="LoadGan(ModelOperationsCatalog, string, out DataViewSchema)"/>.
    /// </summary>
    /// <param name="catalog">The context's <c>Model</c> catalog.</param>
    /// <param name="stream">A readable, seekable stream holding the model zip; it is left open.</param>
    /// <param name="inputSchema">The schema of the data the model was saved with.</param>
    /// <returns>The loaded transformer.</returns>
    /// <exception cref="FormatException">The stream is not a model zip, or a component in it has no loader here.</exception>
    public static ITransformer LoadGan(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(catalog, stream, "the stream", out inputSchema);
    }

    private static ITransformer Load(ModelOperationsCatalog catalog, Stream stream, string source, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var env = MLNetInternals.EnvironmentOf(catalog);
        GanLoaders.Register(env, channel =>
        {
            // Read at load time, so that settings changed after this call still apply, as with mlContext.Gan().
            var (gpuDeviceId, fallbackToCpu) = MLNetInternals.DeviceSettingsOf(env);
            return TorchDevices.Select(gpuDeviceId, fallbackToCpu, channel);
        });
        try
        {
            return catalog.Load(stream, out inputSchema);
        }
        catch (Exception e) when (MissingLoader(e) is { } message)
        {
            // ML.NET names only the folder of the component it could not load; say what that means.
            throw new FormatException(
                $"Cannot load the model in {source}: {message}. GanML's loaders are registered on this context, so that " +
                "component comes from another library: reference it and register its loaders with this MLContext before loading.",
                e);
        }
    }

    private static string? MissingLoader(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is FormatException && current.Message.StartsWith("Couldn't load model", StringComparison.Ordinal))
            {
                return current.Message;
            }
        }

        return null;
    }
}
