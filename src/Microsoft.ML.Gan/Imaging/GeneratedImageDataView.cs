using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>The lazy result of <see cref="GeneratedImageTransformer.Transform"/>: images are made as a cursor reads them.</summary>
internal sealed class GeneratedImageDataView : IDataView
{
    private readonly IDataView _source;
    private readonly GeneratedImageMapper _mapper;

    public GeneratedImageDataView(IDataView source, GeneratedImageMapper mapper)
    {
        _source = source;
        _mapper = mapper;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return Wrap(_source.GetRowCursor(_mapper.GetDependencies(needed), rand), needed);
    }

    // Each image depends on its own row only, so the source's parallel cursors can each be wrapped.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return _source.GetRowCursorSet(_mapper.GetDependencies(needed), n, rand).Select(cursor => Wrap(cursor, needed)).ToArray();
    }

    private DataViewRowCursor Wrap(DataViewRowCursor input, DataViewSchema.Column[] needed) =>
        new Cursor(input, new GeneratedImageRow(_mapper, input, needed.Any(column => column.Index == _mapper.OutputColumn.Index)));

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly GeneratedImageRow _row;

        public Cursor(DataViewRowCursor input, GeneratedImageRow row)
        {
            _input = input;
            _row = row;
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _row.Schema;

        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
