using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// One modelled column as the user's data had it: name, type and, for keys, the key count and text key values, so that
/// generated rows (also after loading a saved model) carry exactly the training column's type and annotations.
/// </summary>
internal sealed record TabularColumnSpec
{
    public required string Name { get; init; }

    public required TabularValueKind Kind { get; init; }

    /// <summary>For <see cref="TabularValueKind.Key"/>: the key type's count (0 when unbounded).</summary>
    public ulong KeyCount { get; init; }

    /// <summary>For <see cref="TabularValueKind.Key"/>: the text key values, when the column had them.</summary>
    public string[]? KeyValues { get; init; }

    public bool IsContinuous => Kind is TabularValueKind.Single or TabularValueKind.Double or TabularValueKind.Int32 or TabularValueKind.Int64;

    public bool IsInteger => Kind is TabularValueKind.Int32 or TabularValueKind.Int64;

    /// <summary>ML.NET's annotation kind of a key column's values.</summary>
    private const string KeyValuesKind = "KeyValues";

    public const string Supported = "Single, Double, Int32, Int64, Boolean, String (text) or a key of UInt32";

    /// <summary>The spec of a schema column, or an exception naming the column and the supported types.</summary>
    public static TabularColumnSpec From(DataViewSchema.Column column, string paramName)
    {
        var type = column.Type;
        TabularValueKind? kind = type switch
        {
            _ when type == NumberDataViewType.Single => TabularValueKind.Single,
            _ when type == NumberDataViewType.Double => TabularValueKind.Double,
            _ when type == NumberDataViewType.Int32 => TabularValueKind.Int32,
            _ when type == NumberDataViewType.Int64 => TabularValueKind.Int64,
            BooleanDataViewType => TabularValueKind.Boolean,
            TextDataViewType => TabularValueKind.Text,
            KeyDataViewType key when key.RawType == typeof(uint) => TabularValueKind.Key,
            _ => null,
        };
        if (kind is not TabularValueKind resolved)
        {
            throw SchemaChecks.Mismatch("tabular", column.Name, Supported, SchemaChecks.Describe(type), paramName);
        }

        if (resolved != TabularValueKind.Key)
        {
            return new TabularColumnSpec { Name = column.Name, Kind = resolved };
        }

        string[]? keyValues = null;
        if (column.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            column.Annotations.GetValue(KeyValuesKind, ref values);
            keyValues = values.DenseValues().Select(v => v.ToString()).ToArray();
        }

        return new TabularColumnSpec { Name = column.Name, Kind = resolved, KeyCount = ((KeyDataViewType)type).Count, KeyValues = keyValues };
    }

    /// <summary>The column's ML.NET type.</summary>
    public DataViewType DataType() => Kind switch
    {
        TabularValueKind.Single => NumberDataViewType.Single,
        TabularValueKind.Double => NumberDataViewType.Double,
        TabularValueKind.Int32 => NumberDataViewType.Int32,
        TabularValueKind.Int64 => NumberDataViewType.Int64,
        TabularValueKind.Boolean => BooleanDataViewType.Instance,
        TabularValueKind.Text => TextDataViewType.Instance,
        _ => new KeyDataViewType(typeof(uint), KeyCount),
    };

    /// <summary>The key values as an annotation, or none.</summary>
    public DataViewSchema.Annotations? Annotations()
    {
        if (KeyValues is not { } values)
        {
            return null;
        }

        var builder = new DataViewSchema.Annotations.Builder();
        var memory = values.Select(v => v.AsMemory()).ToArray();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) =>
            value = new VBuffer<ReadOnlyMemory<char>>(memory.Length, memory);
        builder.Add(KeyValuesKind, new VectorDataViewType(TextDataViewType.Instance, memory.Length), getter);
        return builder.ToAnnotations();
    }

    /// <summary>A schema of <paramref name="columns"/> in order.</summary>
    public static DataViewSchema Schema(IEnumerable<TabularColumnSpec> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns)
        {
            builder.AddColumn(column.Name, column.DataType(), column.Annotations());
        }

        return builder.ToSchema();
    }
}
