using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The result of <see cref="GanTransformer.Generate"/>: <c>count</c> synthetic rows with one vector column named like the
/// training feature column, generated lazily a block at a time as a cursor reads them.
/// </summary>
internal sealed class SyntheticRowsDataView : IDataView
{
    private readonly SampleGenerator _generator;
    private readonly long _count;
    private readonly long _seed;

    public SyntheticRowsDataView(SampleGenerator generator, string columnName, long count, long seed)
    {
        _generator = generator;
        _count = count;
        _seed = seed;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, generator.OutputDimension));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Any());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SyntheticRowsDataView _parent;
        private readonly bool _active;
        private readonly GeneratedValueCache _cache;
        private long _position = -1;

        public Cursor(SyntheticRowsDataView parent, bool active)
        {
            _parent = parent;
            _active = active;
            _cache = new GeneratedValueCache(parent._generator, parent._seed);
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= _parent._count)
            {
                _position = _parent._count;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active || column.Index != 0)
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active on this cursor.");
            }

            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                if (_position < 0 || _position >= _parent._count)
                {
                    throw new InvalidOperationException("The cursor is not on a row: call MoveNext and check that it returned true.");
                }

                _cache.GetByPosition(_position, ref value);
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException(
                    $"Column '{column.Name}' holds {column.Type}; read it as VBuffer<Single>, not {typeof(TValue).Name}.");
        }
    }
}
