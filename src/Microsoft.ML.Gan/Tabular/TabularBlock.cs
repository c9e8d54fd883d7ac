using System;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>Decoded rows, column by column: continuous values (NaN = missing) or category indices.</summary>
internal sealed class TabularBlock
{
    public TabularBlock(TabularEncoding encoding, int rows)
    {
        Rows = rows;
        Numbers = encoding.Columns.Select(c => c.IsNumeric ? new double[rows] : null).ToArray();
        Categories = encoding.Columns.Select(c => c.IsNumeric ? null : new int[rows]).ToArray();
    }

    public int Rows { get; }

    public double[]?[] Numbers { get; }

    public int[]?[] Categories { get; }

    /// <summary>The first <paramref name="rows"/> rows.</summary>
    public TabularBlock Take(TabularEncoding encoding, int rows)
    {
        var result = new TabularBlock(encoding, rows);
        for (var i = 0; i < Numbers.Length; i++)
        {
            Numbers[i]?.AsSpan(0, rows).CopyTo(result.Numbers[i]);
            Categories[i]?.AsSpan(0, rows).CopyTo(result.Categories[i]);
        }

        return result;
    }

    /// <summary>Copies row <paramref name="from"/> of <paramref name="source"/> to row <paramref name="to"/>.</summary>
    public void CopyRow(TabularBlock source, int from, int to)
    {
        for (var i = 0; i < Numbers.Length; i++)
        {
            if (Numbers[i] is { } numbers)
            {
                numbers[to] = source.Numbers[i]![from];
            }
            else
            {
                Categories[i]![to] = source.Categories[i]![from];
            }
        }
    }
}
