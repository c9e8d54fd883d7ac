using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// This assembly's model loaders. The core's <c>GanLoaders</c> calls <see cref="Register"/> by name (it cannot reference
/// this assembly), so that <c>mlContext.Gan()</c> and <c>mlContext.Model.LoadGan</c> load zips holding image
/// transformers whenever the application references this package.
/// </summary>
internal static class GanImageAnalyticsLoaders
{
    /// <summary>Registers the loaders of this assembly in <paramref name="env"/>'s catalog; idempotent.</summary>
    /// <param name="env">The context whose catalog <c>Model.Load</c> searches.</param>
    public static void Register(IHostEnvironment env) => GeneratedImagePersistence.RegisterLoader(env);
}
