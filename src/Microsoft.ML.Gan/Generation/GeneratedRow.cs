using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>An input row seen through <see cref="GanRowMapper"/>: input columns pass through, plus the generated column.</summary>
internal sealed class GeneratedRow : DataViewRow
{
    private readonly GanRowMapper _mapper;
    private readonly DataViewRow _input;
    private readonly bool _generatedActive;
    private ValueGetter<VBuffer<float>>? _generatedGetter;

    public GeneratedRow(GanRowMapper mapper, DataViewRow input, bool generatedActive)
    {
        _mapper = mapper;
        _input = input;
        _generatedActive = generatedActive;
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

        return column.Index < _mapper.InputSchema.Count && _input.IsColumnActive(_input.Schema[column.Index]);
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _mapper.InputSchema.Count)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        if (column.Index != _mapper.OutputColumn.Index || !_generatedActive)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active on this row.");
        }

        _generatedGetter ??= _mapper.CreateGetter(_input);
        return _generatedGetter as ValueGetter<TValue>
            ?? throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type}; read it as VBuffer<Single>, not {typeof(TValue).Name}.");
    }
}
