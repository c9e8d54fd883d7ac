using System;
using System.Globalization;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The condition of a conditional GAN as the networks see it: a one-hot vector of K classes for a label, or the
/// condition vector itself. Reads it for training (one contiguous row-major buffer) and per row for generation.
/// </summary>
internal static class ConditionColumn
{
    private const string ExpectedLabel = "key, Int32, Int64 or UInt32 (map strings to keys upstream with MapValueToKey)";
    private const string ExpectedVector = "known-size vector of Single";

    /// <summary>The kind of condition column <paramref name="name"/> holds, checked against the rules above.</summary>
    public static (DataViewSchema.Column Column, ConditionKind Kind) Resolve(DataViewSchema schema, string name, bool label, string paramName)
    {
        var role = label ? "label" : "condition";
        var column = schema.GetColumnOrNull(name)
            ?? throw SchemaChecks.NotFound(role, name, System.Linq.Enumerable.Select(schema, c => c.Name), paramName);
        var kind = column.Type switch
        {
            KeyDataViewType when label => ConditionKind.KeyLabel,
            _ when label && column.Type == NumberDataViewType.Int32 => ConditionKind.Int32Label,
            _ when label && column.Type == NumberDataViewType.Int64 => ConditionKind.Int64Label,
            _ when label && column.Type == NumberDataViewType.UInt32 => ConditionKind.UInt32Label,
            VectorDataViewType { IsKnownSize: true } vector when !label && vector.ItemType == NumberDataViewType.Single => ConditionKind.Vector,
            _ => ConditionKind.None,
        };
        if (kind == ConditionKind.None)
        {
            throw SchemaChecks.Mismatch(role, name, label ? ExpectedLabel : ExpectedVector, SchemaChecks.Describe(column.Type), paramName);
        }

        return (column, kind);
    }

    /// <summary>The same check on a schema shape, for <c>GetOutputSchema</c>.</summary>
    public static void Check(SchemaShape shape, string name, bool label, string paramName)
    {
        var role = label ? "label" : "condition";
        var c = SchemaChecks.FindLast(shape, name) ?? throw SchemaChecks.NotFound(role, name, System.Linq.Enumerable.Select(shape, s => s.Name), paramName);

        var scalar = c.Kind == SchemaShape.Column.VectorKind.Scalar;
        var valid = label
            ? scalar && (c.IsKey || c.ItemType == NumberDataViewType.Int32 || c.ItemType == NumberDataViewType.Int64 || c.ItemType == NumberDataViewType.UInt32)
            : c.Kind == SchemaShape.Column.VectorKind.Vector && !c.IsKey && c.ItemType == NumberDataViewType.Single;
        if (!valid)
        {
            throw SchemaChecks.Mismatch(role, name, label ? ExpectedLabel : ExpectedVector, SchemaChecks.Describe(c), paramName);
        }
    }

    /// <summary>
    /// Reads the condition of every row, in cursor order (the order <see cref="FeatureMatrix.Read"/> uses), as
    /// row-major floats, <c>dimension</c> per row (at least <c>rows × dimension</c>). A label's K is its key count, or the largest value + 1.
    /// </summary>
    public static (float[] Values, int Dimension) Read(IDataView data, DataViewSchema.Column column, ConditionKind kind, int rows, CancellationToken cancellationToken)
    {
        if (kind == ConditionKind.Vector)
        {
            // The matrix's buffer as it is (rows beyond Rows are unused capacity): the session reads only the first rows.
            var matrix = FeatureMatrix.Read(data, column, cancellationToken);
            return (matrix.Values, matrix.Dimension);
        }

        var classes = new int[rows];
        var count = 0;
        using (var cursor = data.GetRowCursor([column]))
        {
            var read = ClassReader(cursor, column, kind, classCount: int.MaxValue);
            while (cursor.MoveNext())
            {
                if (count == rows)
                {
                    throw new InvalidOperationException($"Label column '{column.Name}' has more rows than the feature column ({rows}).");
                }

                classes[count++] = read();
            }
        }

        var dimension = column.Type is KeyDataViewType key ? checked((int)key.Count) : System.Linq.Enumerable.Max(classes) + 1;
        var values = new float[rows * dimension];
        for (var row = 0; row < rows; row++)
        {
            values[(row * dimension) + classes[row]] = 1f;
        }

        return (values, dimension);
    }

    /// <summary>A reader of the current row's class, 0 … <paramref name="classCount"/> − 1, with a clear error for others.</summary>
    public static Func<int> ClassReader(DataViewRow row, DataViewSchema.Column column, ConditionKind kind, int classCount)
    {
        Func<long> raw = kind switch
        {
            ConditionKind.KeyLabel => Read<uint>(row, column, v => (long)v - 1),
            ConditionKind.Int32Label => Read<int>(row, column, v => v),
            ConditionKind.Int64Label => Read<long>(row, column, v => v),
            ConditionKind.UInt32Label => Read<uint>(row, column, v => v),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a label."),
        };
        return () =>
        {
            var value = raw();
            if (value < 0 || value >= classCount)
            {
                throw new InvalidOperationException(kind == ConditionKind.KeyLabel && value < 0
                    ? $"Label column '{column.Name}' has a missing key (0) at row {row.Position}: filter those rows first."
                    : $"Label column '{column.Name}' has class {(kind == ConditionKind.KeyLabel ? value + 1 : value).ToString(CultureInfo.InvariantCulture)} at row {row.Position}, " +
                      (classCount == int.MaxValue ? "but classes must be 0 or more." : $"outside the model's {classCount} classes."));
            }

            return (int)value;
        };
    }

    /// <summary>A writer of the current row's condition as the networks see it (one-hot, or the vector).</summary>
    public static SpanFiller Filler(DataViewRow row, DataViewSchema.Column column, ConditionKind kind, int dimension)
    {
        if (kind == ConditionKind.Vector)
        {
            var getter = row.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            return destination =>
            {
                getter(ref buffer);
                if (buffer.Length != dimension)
                {
                    throw new InvalidOperationException($"Condition column '{column.Name}' has {buffer.Length} slots at row {row.Position}; the model needs {dimension}.");
                }

                buffer.CopyTo(destination);
            };
        }

        var readClass = ClassReader(row, column, kind, dimension);
        return destination =>
        {
            destination.Clear();
            destination[readClass()] = 1f;
        };
    }

    /// <summary>Fills a span with the current row's condition.</summary>
    public delegate void SpanFiller(Span<float> destination);

    private static Func<long> Read<T>(DataViewRow row, DataViewSchema.Column column, Func<T, long> convert)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }
}
