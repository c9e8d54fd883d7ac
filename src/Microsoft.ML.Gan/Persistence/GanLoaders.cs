using System;
using System.IO;
using System.Reflection;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Registers every GanML loader in one context's component catalog: the one list that <c>mlContext.Gan()</c> and
/// <c>mlContext.Model.LoadGan</c> share, including the loaders of the optional sibling assemblies the application
/// references.
/// </summary>
/// <remarks>
/// The core cannot reference <c>Microsoft.ML.Gan.ImageAnalytics</c> (that package depends on it and on SkiaSharp, which
/// the core keeps out of a vector-only application), so it finds that assembly by name at run time and calls its
/// registrar, a static method found by reflection. That is the simplest robust route: no attribute scan, no order
/// dependence on which assembly loads first, and a test (<c>GanLoadersTests</c>) fails if the registrar is renamed.
/// </remarks>
internal static class GanLoaders
{
    /// <summary>The image assembly and package (<c>ConvertToImage</c>, <c>GanImages</c>).</summary>
    public const string ImageAnalyticsAssemblyName = "Microsoft.ML.Gan.ImageAnalytics";

    /// <summary>The image assembly's registrar: a static <c>Register(IHostEnvironment)</c> method on this type.</summary>
    public const string ImageAnalyticsRegistrarTypeName = "Microsoft.ML.Gan.GanImageAnalyticsLoaders";

    private const string RegistrarMethodName = "Register";

    private static readonly Lazy<Action<IHostEnvironment>?> ImageAnalyticsRegistrar =
        new(() => FindRegistrar(ImageAnalyticsAssemblyName, ImageAnalyticsRegistrarTypeName));

    /// <summary>Registers the loaders; idempotent.</summary>
    /// <param name="env">The context (or its environment) whose catalog <c>Model.Load</c> searches.</param>
    /// <param name="selectDevice">Picks the device that loaded networks go to.</param>
    public static void Register(IHostEnvironment env, Func<IChannel, Device> selectDevice) =>
        Register(env, selectDevice, ImageAnalyticsRegistrar.Value);

    /// <summary>Registers the loaders, with the image assembly's registrar given (<see langword="null"/>: absent).</summary>
    internal static void Register(IHostEnvironment env, Func<IChannel, Device> selectDevice, Action<IHostEnvironment>? imageAnalytics)
    {
        GanModelPersistence.RegisterLoader(env, selectDevice);
        CycleGanPersistence.RegisterLoader(env, selectDevice);
        DomainClassifierPersistence.RegisterLoader(env);
        TabularGanPersistence.RegisterLoader(env, selectDevice);
        if (imageAnalytics is null)
        {
            GeneratedImageFormat.RegisterMissingPackageLoader(env);
        }
        else
        {
            imageAnalytics(env);
        }
    }

    /// <summary>
    /// The static <c>Register(IHostEnvironment)</c> of <paramref name="typeName"/> in the assembly
    /// <paramref name="assemblyName"/>, or <see langword="null"/> when the application does not have that assembly.
    /// </summary>
    /// <exception cref="MissingMethodException">The assembly is there but has no such registrar: it is a version that
    /// does not match this core.</exception>
    internal static Action<IHostEnvironment>? FindRegistrar(string assemblyName, string typeName)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException)
        {
            // Not referenced by the application: the optional package is simply absent.
            return null;
        }

        var method = assembly.GetType(typeName, throwOnError: false)?.GetMethod(
            RegistrarMethodName,
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
            binder: null,
            [typeof(IHostEnvironment)],
            modifiers: null);
        return method is not null && method.ReturnType == typeof(void)
            ? method.CreateDelegate<Action<IHostEnvironment>>()
            : throw new MissingMethodException(
                $"{assemblyName} {assembly.GetName().Version} has no {typeName}.{RegistrarMethodName}(IHostEnvironment) that " +
                $"Microsoft.ML.Gan {typeof(GanLoaders).Assembly.GetName().Version} calls: reference the same version of both packages.");
    }
}
