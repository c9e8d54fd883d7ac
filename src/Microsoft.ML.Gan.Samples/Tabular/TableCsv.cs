using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// Reads the bundled CSV tables (a header, comma-separated, optional double quotes) into a <see cref="Table"/>: a column
/// whose every value parses as a number is numeric, any other is categorical. Writes tables back and loads them as
/// ML.NET data views with integral numeric columns as Int32, other numeric columns as Single and the rest as text.
/// </summary>
internal static class TableCsv
{
    public static Table Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var names = Split(reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty."));
        var cells = names.Select(_ => new List<string>()).ToArray();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var values = Split(line);
            if (values.Length != names.Length)
            {
                throw new InvalidDataException($"{path}: a row has {values.Length} values for {names.Length} columns.");
            }

            for (var c = 0; c < names.Length; c++)
            {
                cells[c].Add(values[c]);
            }
        }

        var numeric = cells.Select(column => column.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToArray();
        return new Table(names,
            cells.Select((column, c) => numeric[c] ? column.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null).ToArray(),
            cells.Select((column, c) => numeric[c] ? null : column.ToArray()).ToArray());
    }

    /// <summary>Writes <paramref name="table"/> and loads it back as a data view (see the class remarks for the types).</summary>
    public static IDataView Load(MLContext mlContext, Table table, string path)
    {
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            writer.WriteLine(string.Join(",", table.Names.Select(Quote)));
            for (var r = 0; r < table.Rows; r++)
            {
                writer.WriteLine(string.Join(",", Enumerable.Range(0, table.Columns).Select(c => table.Numbers[c] is { } n
                    ? n[r].ToString("R", CultureInfo.InvariantCulture)
                    : Quote(table.Categories[c]![r]))));
            }
        }

        var columns = Enumerable.Range(0, table.Columns).Select(c => new TextLoader.Column(table.Names[c], table.Numbers[c] switch
        {
            null => DataKind.String,
            var n when n.All(v => v == Math.Round(v) && Math.Abs(v) < int.MaxValue) => DataKind.Int32,
            _ => DataKind.Single,
        }, c)).ToArray();
        return mlContext.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string[] Split(string line)
    {
        var values = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        values.Add(current.ToString());
        return [.. values];
    }
}
