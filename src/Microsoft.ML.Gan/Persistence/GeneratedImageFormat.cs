using System;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// The saved format of the image transformer of <c>Microsoft.ML.Gan.ImageAnalytics</c> (<c>ConvertToImage</c>). It lives
/// in the core, which writes no images, so that the core can register a loader under the same signature that names
/// the missing package when an application without it loads a zip holding one (<see cref="GanLoaders"/>).
/// </summary>
internal static class GeneratedImageFormat
{
    public static readonly MLNetModelBridge.ModelFormat Format = new(
        modelSignature: "GANIMAGE",
        version: 0x00010001,
        versionReadable: 0x00010001,
        versionWeCanReadBack: 0x00010001,
        loaderSignature: "GanGeneratedImage",
        // The core, not the image assembly: Model.Load calls Assembly.Load on this name before it looks the loader up, so
        // naming the image assembly would turn a missing package into a bare FileNotFoundException before the loader
        // below could explain it. It is also the name zips written before the split hold.
        loaderAssemblyName: typeof(GeneratedImageFormat).Assembly.GetName().Name);

    /// <summary>Registers, in place of the real loader, one that fails with a message naming the package to reference.</summary>
    /// <param name="env">The context whose catalog <c>Model.Load</c> searches.</param>
    public static void RegisterMissingPackageLoader(IHostEnvironment env) =>
        MLNetModelBridge.RegisterLoader<ITransformer>(env, Format, (_, read) => throw new InvalidOperationException(
            $"The model holds a GanML image transformer (mlContext.Gan().ConvertToImage) in '{read.Directory}/', whose loader is in " +
            $"the package {GanLoaders.ImageAnalyticsAssemblyName}, which this application does not reference. " +
            $"Add a reference to {GanLoaders.ImageAnalyticsAssemblyName} (the same version as Microsoft.ML.Gan) to load it."));
}
