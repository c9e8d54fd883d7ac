using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The real rows' label and feature columns (read lazily from the source), followed by synthetic rows held in memory,
/// with the real columns' types and annotations (key names, slot names) and, when asked, a column that marks the
/// synthetic rows.
/// </summary>
internal sealed class AugmentedRowsDataView : IDataView
{
    private readonly IDataView _real;
    private readonly DataViewSchema.Column _realLabel;
    private readonly DataViewSchema.Column _realFeatures;
    private readonly SyntheticLabels _labels;
    private readonly float[] _features;
    private readonly int _dimension;
    private readonly long _syntheticRows;

    public AugmentedRowsDataView(IDataView real, DataViewSchema.Column label, DataViewSchema.Column features, SyntheticLabels labels,
        float[] syntheticFeatures, long syntheticRows, string? indicatorColumnName)
    {
        _real = real;
        _realLabel = label;
        _realFeatures = features;
        _labels = labels;
        _features = syntheticFeatures;
        _dimension = ((VectorDataViewType)features.Type).Size;
        _syntheticRows = syntheticRows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(label.Name, label.Type, label.Annotations);
        builder.AddColumn(features.Name, features.Type, features.Annotations);
        if (indicatorColumnName is not null)
        {
            builder.AddColumn(indicatorColumnName, BooleanDataViewType.Instance);
        }

        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _real.GetRowCount() is long real ? real + _syntheticRows : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly AugmentedRowsDataView _parent;
        private readonly HashSet<int> _active;
        private readonly DataViewRowCursor _real;
        private long _position = -1;
        private long _synthetic = -1;

        public Cursor(AugmentedRowsDataView parent, HashSet<int> active)
        {
            _parent = parent;
            _active = active;
            var needed = new List<DataViewSchema.Column>();
            if (active.Contains(0))
            {
                needed.Add(parent._realLabel);
            }

            if (active.Contains(1))
            {
                needed.Add(parent._realFeatures);
            }

            _real = parent._real.GetRowCursor(needed);
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        private bool OnReal => _synthetic < 0;

        public override bool MoveNext()
        {
            if (OnReal && _real.MoveNext())
            {
                _position++;
                return true;
            }

            if (_synthetic + 1 >= _parent._syntheticRows)
            {
                _synthetic = _parent._syntheticRows;
                return false;
            }

            _synthetic++;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active.Contains(column.Index))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active on this cursor.");
            }

            switch (column.Index)
            {
                case 0:
                    var realLabel = _real.GetGetter<TValue>(_parent._realLabel);
                    var syntheticLabel = _parent._labels.Getter<TValue>(() => _synthetic, column);
                    return (ref TValue value) => (OnReal ? realLabel : syntheticLabel)(ref value);
                case 1:
                    var realFeatures = _real.GetGetter<VBuffer<float>>(_parent._realFeatures);
                    ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                    {
                        if (OnReal)
                        {
                            realFeatures(ref value);
                        }
                        else
                        {
                            VBuffer<float>.Copy(_parent._features, (int)(_synthetic * _parent._dimension), ref value, _parent._dimension);
                        }
                    };
                    return features as ValueGetter<TValue>
                        ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
                default:
                    ValueGetter<bool> synthetic = (ref bool value) => value = !OnReal;
                    return synthetic as ValueGetter<TValue>
                        ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _real.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
