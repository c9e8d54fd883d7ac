using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The result of <see cref="GanTransformer.Generate"/>: <c>count</c> synthetic rows with one vector column named like the
/// training feature column, generated lazily a block at a time as a cursor reads them. For a label-conditional model the
/// rows also carry the label column (same name and type as in training), each row generated for its label.
/// </summary>
internal sealed class SyntheticRowsDataView : IDataView
{
    private readonly SampleGenerator _generator;
    private readonly long _count;
    private readonly long _seed;
    private readonly SyntheticLabels? _labels;

    public SyntheticRowsDataView(SampleGenerator generator, string columnName, long count, long seed, SyntheticLabels? labels = null)
    {
        _generator = generator;
        _count = count;
        _seed = seed;
        _labels = labels;
        var builder = new DataViewSchema.Builder();
        if (labels is not null)
        {
            builder.AddColumn(labels.ColumnName, labels.Type);
        }

        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, generator.OutputDimension));
        Schema = builder.ToSchema();
    }

    private int FeatureIndex => _labels is null ? 0 : 1;

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SyntheticRowsDataView _parent;
        private readonly HashSet<int> _active;
        private readonly GeneratedValueCache _cache;
        private long _position = -1;

        public Cursor(SyntheticRowsDataView parent, HashSet<int> active)
        {
            _parent = parent;
            _active = active;
            _cache = new GeneratedValueCache(parent._generator, parent._seed, parent._labels?.ClassOfPosition);
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

        private long CheckedPosition => _position >= 0 && _position < _parent._count
            ? _position
            : throw new InvalidOperationException("The cursor is not on a row: call MoveNext and check that it returned true.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active.Contains(column.Index))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active on this cursor.");
            }

            if (column.Index != _parent.FeatureIndex)
            {
                return _parent._labels!.Getter<TValue>(() => CheckedPosition, column);
            }

            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) => _cache.GetByPosition(CheckedPosition, ref value);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException(
                    $"Column '{column.Name}' holds {column.Type}; read it as VBuffer<Single>, not {typeof(TValue).Name}.");
        }
    }
}
