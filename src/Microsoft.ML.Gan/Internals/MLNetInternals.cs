using System;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// The only place that reaches non-public members of ML.NET. Estimators outside Microsoft's assemblies must describe
/// their output columns as <see cref="SchemaShape.Column"/> values, whose constructor is internal. Every member used
/// here was verified against Microsoft.ML 5.0.1 and 6.0.0 (the package accepts [5.0.1, 7)); <see cref="Verify"/> is run by
/// guard tests on both versions so that an upgrade that moves one fails loudly with the member's name.
/// </summary>
internal static class MLNetInternals
{
    /// <summary>The Microsoft.ML versions whose non-public members this library was verified against.</summary>
    public const string VerifiedMicrosoftMLVersions = "5.0.1 and 6.0.0";

    private static readonly Lazy<ConstructorInfo> SchemaShapeColumnConstructor = new(() => typeof(SchemaShape.Column).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public,
            binder: null,
            [typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)],
            modifiers: null)
        ?? throw Missing("constructor SchemaShape.Column(string, SchemaShape.Column.VectorKind, DataViewType, bool, SchemaShape)"));

    // ModelOperationsCatalog keeps its context's environment in a private field (public only through an internal interface).
    private static readonly Lazy<FieldInfo> ModelCatalogEnvironment = new(() =>
        typeof(ModelOperationsCatalog).GetField("_env", BindingFlags.Instance | BindingFlags.NonPublic) is { } field && field.FieldType == typeof(IHostEnvironment)
            ? field
            : throw Missing("field IHostEnvironment ModelOperationsCatalog._env"));

    // MLContext.GpuDeviceId and FallbackToCpu forward to these properties of the context's environment.
    private static readonly Lazy<(PropertyInfo GpuDeviceId, PropertyInfo FallbackToCpu)> DeviceSettings = new(() =>
    {
        var settings = typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.IHostEnvironmentInternal", throwOnError: false)
            ?? throw Missing("interface Microsoft.ML.Runtime.IHostEnvironmentInternal");
        return (
            settings.GetProperty("GpuDeviceId") is { } gpu && gpu.PropertyType == typeof(int?) ? gpu : throw Missing("property int? IHostEnvironmentInternal.GpuDeviceId"),
            settings.GetProperty("FallbackToCpu") is { } cpu && cpu.PropertyType == typeof(bool) ? cpu : throw Missing("property bool IHostEnvironmentInternal.FallbackToCpu"));
    });

    /// <summary>The environment of the context that owns <paramref name="catalog"/> (its component catalog is the context's).</summary>
    public static IHostEnvironment EnvironmentOf(ModelOperationsCatalog catalog) =>
        (IHostEnvironment)ModelCatalogEnvironment.Value.GetValue(catalog)!;

    /// <summary>The <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/> that <paramref name="env"/> holds.</summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) DeviceSettingsOf(IHostEnvironment env)
    {
        var (gpu, cpu) = DeviceSettings.Value;
        return gpu.DeclaringType!.IsInstanceOfType(env)
            ? ((int?)gpu.GetValue(env), (bool)cpu.GetValue(env)!)
            : (null, false);
    }

    /// <summary>Creates an output column description for <c>GetOutputSchema</c>.</summary>
    public static SchemaShape.Column CreateSchemaShapeColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false) =>
        (SchemaShape.Column)SchemaShapeColumnConstructor.Value.Invoke([name, kind, itemType, isKey, null]);

    /// <summary>Resolves every member this class uses; throws <see cref="MissingMemberException"/> naming the first that moved.</summary>
    public static void Verify()
    {
        _ = SchemaShapeColumnConstructor.Value;
        _ = ModelCatalogEnvironment.Value;
        _ = DeviceSettings.Value;
    }

    private static MissingMemberException Missing(string member)
    {
        var actual = typeof(SchemaShape).Assembly.GetName().Version;
        return new MissingMemberException(
            $"Microsoft.ML.Gan needs the non-public ML.NET member {member}, verified on Microsoft.ML {VerifiedMicrosoftMLVersions}; " +
            $"it is not present in the loaded Microsoft.ML.Core {actual}. Use Microsoft.ML {VerifiedMicrosoftMLVersions}.");
    }
}
