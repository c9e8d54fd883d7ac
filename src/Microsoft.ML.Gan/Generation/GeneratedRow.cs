using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>An input row seen through <see cref="GanRowMapper"/>: input columns pass through, plus the model's columns.</summary>
internal sealed class GeneratedRow : DataViewRow
{
    private readonly GanRowMapper _mapper;
    private readonly DataViewRow _input;
    private readonly bool _generatedActive;
    private readonly bool _realismActive;
    private ValueGetter<VBuffer<float>>? _generatedGetter;
    private ValueGetter<float>? _realismGetter;

    public GeneratedRow(GanRowMapper mapper, DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _mapper = mapper;
        _input = input;
        var active = activeColumns.Select(column => column.Index).ToHashSet();
        _generatedActive = active.Contains(mapper.OutputColumn.Index);
        _realismActive = mapper.RealismColumn is { } realism && active.Contains(realism.Index);
    }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema => _mapper.OutputSchema;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        if (column.Index == _mapper.OutputColumn.Index)
        {
            return _generatedActive;
        }

        if (column.Index == _mapper.RealismColumn?.Index)
        {
            return _realismActive;
        }

        return column.Index < _mapper.InputSchema.Count && _input.IsColumnActive(_input.Schema[column.Index]);
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _mapper.InputSchema.Count)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        Delegate getter;
        if (column.Index == _mapper.OutputColumn.Index && _generatedActive)
        {
            getter = _generatedGetter ??= _mapper.CreateGeneratedGetter(_input);
        }
        else if (column.Index == _mapper.RealismColumn?.Index && _realismActive)
        {
            getter = _realismGetter ??= _mapper.CreateRealismGetter(_input);
        }
        else
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active on this row.");
        }

        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
