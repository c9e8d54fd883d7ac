using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// A table held column by column for the baselines and metrics: numeric columns as doubles, categorical ones as text.
/// Read from and written to ML.NET data views whose columns are Single (numeric) or text (categorical).
/// </summary>
internal sealed class Table
{
    public Table(string[] names, double[]?[] numbers, string[]?[] categories)
    {
        Names = names;
        Numbers = numbers;
        Categories = categories;
        Rows = numbers.FirstOrDefault(n => n is not null)?.Length ?? categories.First(c => c is not null)!.Length;
    }

    public string[] Names { get; }

    /// <summary>Per column: the values of a numeric column, else null.</summary>
    public double[]?[] Numbers { get; }

    /// <summary>Per column: the values of a categorical column, else null.</summary>
    public string[]?[] Categories { get; }

    public int Rows { get; }

    public int Columns => Names.Length;

    public bool IsNumeric(int column) => Numbers[column] is not null;

    public int IndexOf(string name) => Array.IndexOf(Names, name);

    /// <summary>Reads every Single, Double, Int32 (numeric) and text (categorical) column of <paramref name="data"/>.</summary>
    public static Table Read(IDataView data)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var numbers = columns.Select(c => c.Type is TextDataViewType ? null : new List<double>()).ToArray();
        var categories = columns.Select(c => c.Type is TextDataViewType ? new List<string>() : null).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var readers = columns.Select((c, i) => Reader(cursor, c, numbers[i], categories[i])).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var read in readers)
            {
                read();
            }
        }

        return new Table(columns.Select(c => c.Name).ToArray(), numbers.Select(n => n?.ToArray()).ToArray(), categories.Select(c => c?.ToArray()).ToArray());
    }

    private static Action Reader(DataViewRow row, DataViewSchema.Column column, List<double>? numbers, List<string>? categories)
    {
        if (column.Type is TextDataViewType)
        {
            var text = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () => { text(ref value); categories!.Add(value.ToString()); };
        }

        if (column.Type == NumberDataViewType.Double)
        {
            var getter = row.GetGetter<double>(column);
            double value = 0;
            return () => { getter(ref value); numbers!.Add(value); };
        }

        if (column.Type == NumberDataViewType.Int32)
        {
            var getter = row.GetGetter<int>(column);
            int value = 0;
            return () => { getter(ref value); numbers!.Add(value); };
        }

        var single = row.GetGetter<float>(column);
        float number = 0;
        return () => { single(ref number); numbers!.Add(number); };
    }

    /// <summary>Rows <paramref name="rows"/> of this table.</summary>
    public Table Select(IReadOnlyList<int> rows) => new(Names,
        Numbers.Select(n => n is null ? null : rows.Select(r => n[r]).ToArray()).ToArray(),
        Categories.Select(c => c is null ? null : rows.Select(r => c[r]).ToArray()).ToArray());

    /// <summary>This table's rows followed by <paramref name="other"/>'s (same columns).</summary>
    public Table Concat(Table other) => new(Names,
        Numbers.Select((n, i) => n is null ? null : n.Concat(other.Numbers[i]!).ToArray()).ToArray(),
        Categories.Select((c, i) => c is null ? null : c.Concat(other.Categories[i]!).ToArray()).ToArray());

    /// <summary>One row as text, for exact-copy checks.</summary>
    public string RowKey(int row) => string.Join("\u001f", Enumerable.Range(0, Columns).Select(c =>
        Numbers[c] is { } n ? n[row].ToString("R", CultureInfo.InvariantCulture) : Categories[c]![row]));

    /// <summary>The distinct categories of a column, sorted.</summary>
    public string[] Levels(int column) => Categories[column]!.Distinct().Order(StringComparer.Ordinal).ToArray();
}
