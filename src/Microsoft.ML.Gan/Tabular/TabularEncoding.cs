using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>
/// The encoded row layout of a whole table: every column's block one after another, the activation spans, and the
/// conditional vector over the categorical columns (CTGAN's conditional vector: one-hot of one category of one column).
/// </summary>
internal sealed class TabularEncoding
{
    public TabularEncoding(TabularColumnModel[] columns)
    {
        Columns = columns;
        Starts = new int[columns.Length];
        var start = 0;
        var spans = new List<(int Start, int Width, bool Tanh)>();
        for (var i = 0; i < columns.Length; i++)
        {
            Starts[i] = start;
            spans.AddRange(columns[i].Spans().Select(s => (start + s.Offset, s.Width, s.Tanh)));
            start += columns[i].Width;
        }

        Width = start;
        Spans = [.. spans];
        Discrete = Enumerable.Range(0, columns.Length).Where(i => !columns[i].IsContinuous).ToArray();
        ConditionOffsets = new int[Discrete.Length];
        var offset = 0;
        for (var d = 0; d < Discrete.Length; d++)
        {
            ConditionOffsets[d] = offset;
            offset += columns[Discrete[d]].Categories!.Length;
        }

        ConditionWidth = offset;
    }

    public TabularColumnModel[] Columns { get; }

    /// <summary>Start of each column's block in the encoded row.</summary>
    public int[] Starts { get; }

    /// <summary>Width of an encoded row (the generator's output).</summary>
    public int Width { get; }

    public (int Start, int Width, bool Tanh)[] Spans { get; }

    /// <summary>The indices of the categorical columns, which the conditional vector covers.</summary>
    public int[] Discrete { get; }

    /// <summary>Start of each categorical column's one-hot in the conditional vector.</summary>
    public int[] ConditionOffsets { get; }

    /// <summary>Width of the conditional vector: the total number of categories.</summary>
    public int ConditionWidth { get; }

    /// <summary>
    /// The index into <see cref="Discrete"/> of the categorical column <paramref name="name"/>; <see langword="null"/> for
    /// no name. Throws when the column is not modelled or is continuous.
    /// </summary>
    public int? DiscreteIndexOf(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var index = Array.FindIndex(Columns, c => c.Spec.Name == name);
        if (index < 0)
        {
            throw TabularGanTrainer.LabelNotModelled(name, Columns.Select(c => c.Spec.Name));
        }

        if (Columns[index].IsContinuous)
        {
            throw new ArgumentOutOfRangeException("options.LabelColumnName", name,
                $"TabularGanTrainer.Options.LabelColumnName '{name}' is a continuous column ({Columns[index].Spec.Kind} with more than DiscreteValueLimit distinct values); " +
                "a label must be categorical: Boolean, text, key, or numeric with at most Options.DiscreteValueLimit distinct values.");
        }

        return Array.IndexOf(Discrete, index);
    }

    /// <summary>Fits every column's encoding on <paramref name="table"/>.</summary>
    public static TabularEncoding Fit(TabularTable table, TabularGanTrainer.Options options, int seed) =>
        new(table.Columns.Select((spec, i) => spec.IsContinuous
            ? TabularColumnModel.Numeric(spec, table.Numbers[i]!, options, seed + i)
            : TabularColumnModel.Categorical(spec, table.Categories[i]!)).ToArray());

    /// <summary>
    /// Encodes <paramref name="table"/> into a rows × <see cref="Width"/> matrix, and the category index of every row
    /// in every categorical column (for training-by-sampling). Modes are drawn from their posteriors with a seeded stream.
    /// </summary>
    public (float[] Values, int[][] CategoryOfRow) Encode(TabularTable table, int seed)
    {
        var values = new float[(long)table.Rows * Width];
        var random = new Random(seed);
        var posterior = new double[Columns.Max(c => Math.Max(c.Modes, 1))];
        var categoryOfRow = Discrete.Select(_ => new int[table.Rows]).ToArray();
        var lookups = Columns.Select(c => c.IsContinuous ? null : c.Categories!.Select((name, index) => (name, index))
            .ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal)).ToArray();
        var valueLookups = Columns.Select(c => c.Values?.Select((value, index) => (value, index)).ToDictionary(p => p.value, p => p.index)).ToArray();
        for (var i = 0; i < Columns.Length; i++)
        {
            var d = Array.IndexOf(Discrete, i);
            for (var row = 0; row < table.Rows; row++)
            {
                var block = values.AsSpan((int)((long)row * Width + Starts[i]), Columns[i].Width);
                if (Columns[i].IsContinuous)
                {
                    Columns[i].EncodeContinuous(table.Numbers[i]![row], block, random, posterior);
                }
                else
                {
                    var category = valueLookups[i] is { } byValue ? byValue[table.Numbers[i]![row]] : lookups[i]![table.Categories[i]![row]];
                    block[category] = 1;
                    categoryOfRow[d][row] = category;
                }
            }
        }

        return (values, categoryOfRow);
    }
}
