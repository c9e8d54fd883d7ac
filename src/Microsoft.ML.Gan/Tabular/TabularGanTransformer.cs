using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// A fitted tabular GAN (CTGAN): generates rows with the training table's columns, names and types.
/// </summary>
/// <remarks>
/// <para><see cref="Generate(long, long)"/> returns synthetic rows with exactly the modelled columns' schema: text
/// columns come back as text, keys as keys (with the training column's key count and text key values), integers as
/// integers, Booleans as Booleans, and Single/Double columns that had missing values (NaN) have them at the rate the
/// generator learnt. Categories are only ever ones seen in training; numbers stay within the training range.
/// <see cref="Generate(long, long, string, string)"/> generates rows for one category of a categorical column (for
/// example <c>class = bad</c>, to augment a minority class).</para>
/// <para><see cref="Transform"/> keeps every input column and appends the modelled columns (hiding input columns of the
/// same names) holding one synthetic row per input row, keyed by the row's position: the n-th row always gets the same
/// synthetic row. That also makes <c>PredictionEngine</c> work. Save and load with <c>mlContext.Model.Save</c> and
/// <c>Load</c> (call <c>mlContext.Gan()</c> once before loading): a loaded model generates bit-identical rows. It holds
/// native TorchSharp memory: dispose it when done.</para>
/// </remarks>
public sealed class TabularGanTransformer : ITransformer, IDisposable
{
    private const int BlockRows = 512;
    private readonly TabularSampler _sampler;
    private bool _disposed;

    internal TabularGanTransformer(TabularGanModel model)
    {
        Model = model;
        _sampler = new TabularSampler(model);
    }

    internal TabularGanModel Model { get; }

    /// <summary>The modelled columns, in the order generated rows have them.</summary>
    public IReadOnlyList<string> ColumnNames => Model.Encoding.Columns.Select(c => c.Spec.Name).ToArray();

    /// <summary>The schema of generated rows: the modelled columns with their training types and key values.</summary>
    public DataViewSchema GeneratedSchema => TabularColumnSpec.Schema(Model.Encoding.Columns.Select(c => c.Spec));

    /// <summary>
    /// The categories of a categorical (Boolean, text or key) column, as <see cref="Generate(long, long, string, string)"/>
    /// accepts them: text as is, Booleans as <c>False</c>/<c>True</c>, keys as their text key value when the column has
    /// them, else as the raw key number; for a numeric column modelled as categorical (at most
    /// <see cref="TabularGanTrainer.Options.DiscreteValueLimit"/> distinct values) its values in ascending order.
    /// </summary>
    /// <param name="columnName">A modelled categorical column.</param>
    /// <returns>The categories seen in training, in order of first appearance.</returns>
    public IReadOnlyList<string> GetCategories(string columnName)
    {
        var column = Categorical(columnName);
        return column.Categories!.Select(c => DisplayCategory(column, c)).ToArray();
    }

    /// <summary>One summary per training epoch.</summary>
    public IReadOnlyList<GanEpochSummary> TrainingHistory => Model.History;

    /// <summary>Always <see langword="true"/>: each output row depends only on its position.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the modelled columns.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of <see cref="Transform"/>'s result.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c> and pipelines.</summary>
    /// <param name="inputSchema">The schema of the input rows.</param>
    /// <returns>A mapper that appends the synthetic row.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>Appends a synthetic row to every input row (see the remarks); lazy, and no input column is read.</summary>
    /// <param name="input">Any data view.</param>
    /// <returns>The input columns plus the modelled columns.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema), splittable: false);
    }

    /// <summary>
    /// Generates <paramref name="count"/> rows with the modelled columns. The same seed gives the same rows, in this
    /// process or after loading the saved model in another.
    /// </summary>
    /// <param name="count">How many rows (1 to <see cref="int.MaxValue"/>); they are held in memory.</param>
    /// <param name="seed">Seed of the rows' random streams.</param>
    /// <returns>The rows, with <see cref="GeneratedSchema"/>.</returns>
    public IDataView Generate(long count, long seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, int.MaxValue);
        var block = new TabularBlock(Model.Encoding, (int)count);
        for (var start = 0; start < count; start += BlockRows)
        {
            _sampler.Generate(seed, start, (int)Math.Min(BlockRows, count - start), condition: null, block, start);
        }

        return new TabularRowsDataView(Model.Encoding, block);
    }

    /// <summary>
    /// Generates <paramref name="count"/> rows whose categorical column <paramref name="columnName"/> is
    /// <paramref name="value"/> (CTGAN's conditional generation): the generator is given the condition, and rows that
    /// come out with another category are discarded, so every returned row has the category and the other columns
    /// follow the generator's conditional distribution. The same arguments give the same rows.
    /// </summary>
    /// <param name="count">How many rows (1 to <see cref="int.MaxValue"/>).</param>
    /// <param name="seed">Seed of the rows' random streams.</param>
    /// <param name="columnName">A modelled Boolean, text or key column, or a numeric one modelled as categorical.</param>
    /// <param name="value">A category of it, as <see cref="GetCategories"/> lists them.</param>
    /// <returns>The rows, with <see cref="GeneratedSchema"/>.</returns>
    /// <exception cref="ArgumentException">The column is not a modelled categorical column, or the category was not seen in training.</exception>
    /// <exception cref="InvalidOperationException">The generator produced the category in fewer than 1 of 100 attempts.</exception>
    public IDataView Generate(long count, long seed, string columnName, string value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, int.MaxValue);
        ArgumentNullException.ThrowIfNull(value);
        var column = Categorical(columnName);
        var category = column.IndexOf(column.CategoryText(value));
        if (category < 0)
        {
            throw new ArgumentException(
                $"Column '{columnName}' had no category '{value}' in training. Its categories: {string.Join(", ", GetCategories(columnName).Select(c => $"'{c}'"))}.", nameof(value));
        }

        var encoding = Model.Encoding;
        var discrete = Array.IndexOf(encoding.Discrete, Array.IndexOf(encoding.Columns, column));
        var index = Array.IndexOf(encoding.Columns, column);
        var result = new TabularBlock(encoding, (int)count);
        var candidates = new TabularBlock(encoding, BlockRows);
        var found = 0;
        var budget = Math.Max(100 * count, 10 * BlockRows);
        for (long key = 0; found < count; key += BlockRows)
        {
            if (key >= budget)
            {
                throw new InvalidOperationException(
                    $"The generator produced {found} rows with {columnName} = '{value}' in {key} attempts, fewer than 1 in 100: it has not learnt the category well enough (train longer, or on more rows of it).");
            }

            _sampler.Generate(seed, key, BlockRows, (discrete, category), candidates, 0);
            for (var r = 0; r < BlockRows && found < count; r++)
            {
                var hit = column.Values is { } values ? candidates.Numbers[index]![r].Equals(values[category]) : candidates.Categories[index]![r] == category;
                if (hit)
                {
                    result.CopyRow(candidates, r, found++);
                }
            }
        }

        return new TabularRowsDataView(encoding, result);
    }

    /// <summary>Called by <c>mlContext.Model.Save</c>: writes the settings, encodings, history and generator.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TabularGanPersistence.Save(ctx, Model);
    }

    /// <summary>Releases the generator's native memory.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Model.Dispose();
        }
    }

    private TabularColumnModel Categorical(string columnName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(columnName);
        var column = Model.Encoding.Columns.FirstOrDefault(c => c.Spec.Name == columnName)
            ?? throw new ArgumentException($"'{columnName}' is not a modelled column. The model has: {string.Join(", ", ColumnNames.Select(n => $"'{n}'"))}.", nameof(columnName));
        if (column.IsContinuous)
        {
            throw new ArgumentException($"Column '{columnName}' is continuous ({column.Spec.Kind}); conditions are categories of Boolean, text or key columns, or values of numeric columns with at most Options.DiscreteValueLimit distinct values.", nameof(columnName));
        }

        return column;
    }

    private static string DisplayCategory(TabularColumnModel column, string category) =>
        column.Spec.Kind == TabularValueKind.Key && column.Spec.KeyValues is { } keyValues && uint.Parse(category, System.Globalization.CultureInfo.InvariantCulture) is var key and > 0 && key <= keyValues.Length
            ? keyValues[key - 1]
            : category;

    private TabularRowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new TabularRowMapper(inputSchema, Model, _sampler);
    }
}
