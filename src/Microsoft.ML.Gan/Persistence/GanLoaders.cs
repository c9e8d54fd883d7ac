using System;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Registers every GanML loader in one context's component catalog: the one list that <c>mlContext.Gan()</c> and
/// <c>mlContext.Model.LoadGan</c> share.
/// </summary>
internal static class GanLoaders
{
    /// <summary>Registers the loaders; idempotent.</summary>
    /// <param name="env">The context (or its environment) whose catalog <c>Model.Load</c> searches.</param>
    /// <param name="selectDevice">Picks the device that loaded networks go to.</param>
    public static void Register(IHostEnvironment env, Func<IChannel, Device> selectDevice)
    {
        GanModelPersistence.RegisterLoader(env, selectDevice);
        GeneratedImagePersistence.RegisterLoader(env);
        CycleGanPersistence.RegisterLoader(env, selectDevice);
        DomainClassifierPersistence.RegisterLoader(env);
        TabularGanPersistence.RegisterLoader(env, selectDevice);
    }
}
