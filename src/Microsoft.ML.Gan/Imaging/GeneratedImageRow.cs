using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>An input row seen through <see cref="GeneratedImageMapper"/>: input columns pass through, plus the image.</summary>
internal sealed class GeneratedImageRow : DataViewRow
{
    private readonly GeneratedImageMapper _mapper;
    private readonly DataViewRow _input;
    private readonly bool _imageActive;
    private ValueGetter<MLImage>? _imageGetter;

    public GeneratedImageRow(GeneratedImageMapper mapper, DataViewRow input, bool imageActive)
    {
        _mapper = mapper;
        _input = input;
        _imageActive = imageActive;
    }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema => _mapper.OutputSchema;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == _mapper.OutputColumn.Index
        ? _imageActive
        : column.Index < _mapper.InputSchema.Count && _input.IsColumnActive(_input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _mapper.InputSchema.Count)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        if (column.Index != _mapper.OutputColumn.Index || !_imageActive)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active on this row.");
        }

        _imageGetter ??= _mapper.CreateImageGetter(_input);
        return _imageGetter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
