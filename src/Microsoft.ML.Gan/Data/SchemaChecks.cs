using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Validates input columns before any work starts, with ML.NET's wording so the messages read like the rest of ML.NET.
/// </summary>
internal static class SchemaChecks
{
    private const string ExpectedFeatures = "known-size vector of Single";
    private const string ExpectedSeed = "Int32, Int64, UInt32 or UInt64";

    /// <summary>The feature column of a concrete schema; it must be a known-size vector of <see cref="float"/>.</summary>
    public static DataViewSchema.Column FeatureColumn(DataViewSchema schema, string name, string paramName)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw NotFound("feature", name, schema.Where(c => !c.IsHidden).Select(c => c.Name), paramName);
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw Mismatch("feature", name, ExpectedFeatures, Describe(column.Type), paramName);
        }

        return column;
    }

    /// <summary>The same rule on a schema shape, for <c>GetOutputSchema</c> before any data exist.</summary>
    public static void FeatureColumn(SchemaShape shape, string name, string paramName)
    {
        var column = FindLast(shape, name)
            ?? throw NotFound("feature", name, shape.Select(c => c.Name), paramName);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
        {
            throw Mismatch("feature", name, ExpectedFeatures, Describe(column), paramName);
        }
    }

    /// <summary>The optional latent-seed column: one integer per row.</summary>
    public static DataViewSchema.Column SeedColumn(DataViewSchema schema, string name, string paramName)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw NotFound("seed", name, schema.Where(c => !c.IsHidden).Select(c => c.Name), paramName);
        if (!IsSeedType(column.Type))
        {
            throw Mismatch("seed", name, ExpectedSeed, Describe(column.Type), paramName);
        }

        return column;
    }

    public static void SeedColumn(SchemaShape shape, string name, string paramName)
    {
        var column = FindLast(shape, name)
            ?? throw NotFound("seed", name, shape.Select(c => c.Name), paramName);
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.IsKey || !IsSeedType(column.ItemType))
        {
            throw Mismatch("seed", name, ExpectedSeed, Describe(column), paramName);
        }
    }

    private static bool IsSeedType(DataViewType type) =>
        type == NumberDataViewType.Int32 || type == NumberDataViewType.Int64 ||
        type == NumberDataViewType.UInt32 || type == NumberDataViewType.UInt64;

    // A later column with the same name hides an earlier one, as in DataViewSchema.
    public static SchemaShape.Column? FindLast(SchemaShape shape, string name)
    {
        SchemaShape.Column? found = null;
        foreach (var column in shape)
        {
            if (column.Name == name)
            {
                found = column;
            }
        }

        return found;
    }

    public static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType { IsKnownSize: false } vector => $"variable-size vector of {vector.ItemType}",
        VectorDataViewType vector => $"vector of {vector.ItemType} with {vector.Size} slots",
        KeyDataViewType key => $"key of {key.RawType.Name}",
        _ => type.ToString() ?? type.GetType().Name,
    };

    public static string Describe(SchemaShape.Column column)
    {
        var item = column.IsKey ? $"key of {column.ItemType}" : column.ItemType.ToString() ?? "unknown";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.VariableVector => $"variable-size vector of {item}",
            _ => $"known-size vector of {item}",
        };
    }

    public static ArgumentOutOfRangeException NotFound(string role, string name, System.Collections.Generic.IEnumerable<string> available, string paramName) =>
        new(paramName, $"Could not find {role} column '{name}'. The input has: {string.Join(", ", available.Distinct().Select(n => $"'{n}'"))}.");

    public static ArgumentOutOfRangeException Mismatch(string role, string name, string expected, string actual, string paramName) =>
        new(paramName, $"Schema mismatch for {role} column '{name}': expected {expected}, got {actual}.");
}
