using System;
using System.Reflection;
using Microsoft.ML.Data;

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

    /// <summary>Creates an output column description for <c>GetOutputSchema</c>.</summary>
    public static SchemaShape.Column CreateSchemaShapeColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false) =>
        (SchemaShape.Column)SchemaShapeColumnConstructor.Value.Invoke([name, kind, itemType, isKey, null]);

    /// <summary>Resolves every member this class uses; throws <see cref="MissingMemberException"/> naming the first that moved.</summary>
    public static void Verify()
    {
        _ = SchemaShapeColumnConstructor.Value;
    }

    private static MissingMemberException Missing(string member)
    {
        var actual = typeof(SchemaShape).Assembly.GetName().Version;
        return new MissingMemberException(
            $"Microsoft.ML.Gan needs the non-public ML.NET member {member}, verified on Microsoft.ML {VerifiedMicrosoftMLVersions}; " +
            $"it is not present in the loaded Microsoft.ML.Core {actual}. Use Microsoft.ML {VerifiedMicrosoftMLVersions}.");
    }
}
