using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Rows already generated (row-major in one array) as a data view of one known-size vector column; for a
/// label-conditional model also the label column (first, as in <see cref="SyntheticRowsDataView"/>).
/// </summary>
internal sealed class MaterializedRowsDataView : SequentialDataView
{
    private readonly float[] _values;
    private readonly int _dimension;
    private readonly SyntheticLabels? _labels;

    public MaterializedRowsDataView(string columnName, float[] values, int dimension, SyntheticLabels? labels = null)
    {
        _values = values;
        _dimension = dimension;
        _labels = labels;
        var builder = new DataViewSchema.Builder();
        if (labels is not null)
        {
            builder.AddColumn(labels.ColumnName, labels.Type);
        }

        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        Schema = builder.ToSchema();
    }

    public override DataViewSchema Schema { get; }

    private int FeatureIndex => _labels is null ? 0 : 1;

    public override long? GetRowCount() => _values.Length / _dimension;

    protected override DataViewRowCursor CreateCursor(HashSet<int> active) => new Cursor(this, active);

    private sealed class Cursor : SequentialCursor
    {
        private readonly MaterializedRowsDataView _parent;

        public Cursor(MaterializedRowsDataView parent, HashSet<int> active)
            : base(parent.Schema, active)
        {
            _parent = parent;
        }

        public override bool MoveNext() => MoveNextWithin(_parent.GetRowCount()!.Value);

        private long CheckedPosition => CurrentRowWithin(_parent.GetRowCount()!.Value);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            if (column.Index != _parent.FeatureIndex)
            {
                return _parent._labels!.Getter<TValue>(() => CheckedPosition, column);
            }

            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                VBuffer<float>.Copy(_parent._values, (int)CheckedPosition * _parent._dimension, ref value, _parent._dimension);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; read it as VBuffer<Single>, not {typeof(TValue).Name}.");
        }
    }
}
