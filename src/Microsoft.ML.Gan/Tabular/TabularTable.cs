using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Microsoft.ML.Gan;

/// <summary>
/// A table read into memory, column by column: continuous columns as <see cref="double"/> (NaN = missing), categorical
/// columns as the category's text (a Boolean as <c>False</c>/<c>True</c>, a key as its raw value in decimal).
/// </summary>
internal sealed class TabularTable
{
    private TabularTable(TabularColumnSpec[] columns, double[]?[] numbers, string[]?[] categories, int rows)
    {
        Columns = columns;
        Numbers = numbers;
        Categories = categories;
        Rows = rows;
    }

    public TabularColumnSpec[] Columns { get; }

    /// <summary>Per column: the values of a continuous column, else null.</summary>
    public double[]?[] Numbers { get; }

    /// <summary>Per column: the categories of a categorical column, else null.</summary>
    public string[]?[] Categories { get; }

    public int Rows { get; }

    public static TabularTable Read(IDataView data, TabularColumnSpec[] specs, CancellationToken cancellationToken)
    {
        var schemaColumns = specs.Select(s => data.Schema[s.Name]).ToArray();
        var numbers = new List<double>[specs.Length];
        var categories = new List<string>[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            if (specs[i].IsContinuous)
            {
                numbers[i] = [];
            }
            else
            {
                categories[i] = [];
            }
        }

        using var cursor = data.GetRowCursor(schemaColumns);
        var readers = specs.Select((spec, i) => Reader(cursor, schemaColumns[i], spec, numbers[i], categories[i])).ToArray();
        var rows = 0;
        while (cursor.MoveNext())
        {
            if ((rows & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (var read in readers)
            {
                read();
            }

            rows = checked(rows + 1);
        }

        return new TabularTable(specs, numbers.Select(n => n?.ToArray()).ToArray(), categories.Select(c => c?.ToArray()).ToArray(), rows);
    }

    private static Action Reader(DataViewRow row, DataViewSchema.Column column, TabularColumnSpec spec, List<double>? numbers, List<string>? categories)
    {
        switch (spec.Kind)
        {
            case TabularValueKind.Single:
                {
                    var getter = row.GetGetter<float>(column);
                    float value = 0;
                    return () => { getter(ref value); numbers!.Add(float.IsFinite(value) ? value : Missing(value, spec)); };
                }

            case TabularValueKind.Double:
                {
                    var getter = row.GetGetter<double>(column);
                    double value = 0;
                    return () => { getter(ref value); numbers!.Add(double.IsFinite(value) ? value : Missing(value, spec)); };
                }

            case TabularValueKind.Int32:
                {
                    var getter = row.GetGetter<int>(column);
                    int value = 0;
                    return () => { getter(ref value); numbers!.Add(value); };
                }

            case TabularValueKind.Int64:
                {
                    var getter = row.GetGetter<long>(column);
                    long value = 0;
                    return () => { getter(ref value); numbers!.Add(value); };
                }

            case TabularValueKind.Boolean:
                {
                    var getter = row.GetGetter<bool>(column);
                    bool value = false;
                    return () => { getter(ref value); categories!.Add(value ? bool.TrueString : bool.FalseString); };
                }

            case TabularValueKind.Text:
                {
                    var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
                    ReadOnlyMemory<char> value = default;
                    return () => { getter(ref value); categories!.Add(value.ToString()); };
                }

            default:
                {
                    var getter = row.GetGetter<uint>(column);
                    uint value = 0;
                    return () => { getter(ref value); categories!.Add(value.ToString(CultureInfo.InvariantCulture)); };
                }
        }
    }

    // NaN is a missing value; an infinity is an error (it has no place in a Gaussian mixture).
    private static double Missing(double value, TabularColumnSpec spec) => double.IsNaN(value)
        ? double.NaN
        : throw new InvalidOperationException(
            $"Column '{spec.Name}' holds {value}. Tabular GANs read NaN as a missing value but cannot model infinities: replace or filter them first.");
}
