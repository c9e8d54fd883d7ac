using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The real rows' label and feature columns (read lazily from the source), followed by synthetic rows held in memory,
/// with the real columns' types and annotations (key names, slot names) and, when asked, a column that marks the
/// synthetic rows.
/// </summary>
internal sealed class AugmentedRowsDataView : SequentialDataView
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

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _real.GetRowCount() is long real ? real + _syntheticRows : null;

    protected override DataViewRowCursor CreateCursor(HashSet<int> active) => new Cursor(this, active);

    private sealed class Cursor : SequentialCursor
    {
        private readonly AugmentedRowsDataView _parent;
        private readonly DataViewRowCursor _real;
        private long _synthetic = -1;

        public Cursor(AugmentedRowsDataView parent, HashSet<int> active)
            : base(parent.Schema, active)
        {
            _parent = parent;
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

        private bool OnReal => _synthetic < 0;

        public override bool MoveNext()
        {
            if (OnReal && _real.MoveNext())
            {
                RowPosition++;
                return true;
            }

            if (_synthetic + 1 >= _parent._syntheticRows)
            {
                _synthetic = _parent._syntheticRows;
                return false;
            }

            _synthetic++;
            RowPosition++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);

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
                    return As<TValue, VBuffer<float>>(features, column);
                default:
                    ValueGetter<bool> synthetic = (ref bool value) => value = !OnReal;
                    return As<TValue, bool>(synthetic, column);
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
