using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// An input row seen through a row-to-row mapper that appends columns after the input's: input columns pass through,
/// and the getter of each active appended column is made once per row, on first request, by the mapper's factory.
/// </summary>
internal sealed class AddedColumnsRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly int _inputCount;
    private readonly HashSet<int> _active;
    private readonly Func<DataViewRow, DataViewSchema.Column, Delegate> _createGetter;
    private readonly Dictionary<int, Delegate> _getters = [];

    /// <param name="outputSchema">The input schema followed by the appended columns.</param>
    /// <param name="input">The input row.</param>
    /// <param name="activeColumns">The output columns the consumer reads.</param>
    /// <param name="createGetter">Makes the <see cref="ValueGetter{TValue}"/> of an appended column over an input row.</param>
    public AddedColumnsRow(DataViewSchema outputSchema, DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns,
        Func<DataViewRow, DataViewSchema.Column, Delegate> createGetter)
    {
        Schema = outputSchema;
        _input = input;
        _inputCount = input.Schema.Count;
        _active = activeColumns.Select(column => column.Index).ToHashSet();
        _createGetter = createGetter;
    }

    /// <summary>
    /// The input columns that <paramref name="dependingColumns"/> need when every appended column is computed from the
    /// one input column <paramref name="source"/>: input columns need themselves, appended ones the source.
    /// </summary>
    public static DataViewSchema.Column[] Dependencies(DataViewSchema inputSchema, DataViewSchema.Column source,
        IEnumerable<DataViewSchema.Column> dependingColumns) =>
        dependingColumns.Select(column => column.Index < inputSchema.Count ? column.Index : source.Index)
            .Distinct().Order().Select(index => inputSchema[index]).ToArray();

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema { get; }

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < _inputCount
        ? _input.IsColumnActive(_input.Schema[column.Index])
        : _active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        if (!_active.Contains(column.Index))
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active on this row.");
        }

        if (!_getters.TryGetValue(column.Index, out var getter))
        {
            getter = _createGetter(_input, Schema[column.Index]);
            _getters[column.Index] = getter;
        }

        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
