using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>An input row seen through <see cref="CycleGanRowMapper"/>: input columns pass through, plus the translations.</summary>
internal sealed class TranslatedRow : DataViewRow
{
    private readonly CycleGanRowMapper _mapper;
    private readonly DataViewRow _input;
    private readonly HashSet<int> _active;
    private readonly Dictionary<int, ValueGetter<VBuffer<float>>> _getters = [];

    public TranslatedRow(CycleGanRowMapper mapper, DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _mapper = mapper;
        _input = input;
        _active = activeColumns.Select(column => column.Index).ToHashSet();
    }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema => _mapper.OutputSchema;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < _mapper.InputSchema.Count
        ? _input.IsColumnActive(_input.Schema[column.Index])
        : _active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _mapper.InputSchema.Count)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        if (!_active.Contains(column.Index))
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active on this row.");
        }

        if (!_getters.TryGetValue(column.Index, out var getter))
        {
            getter = _mapper.CreateGetter(_input, _mapper.OutputSchema[column.Index]);
            _getters[column.Index] = getter;
        }

        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
