using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>Rows already generated (row-major in one array) as a data view of one known-size vector column.</summary>
internal sealed class MaterializedRowsDataView : SequentialDataView
{
    private readonly float[] _values;
    private readonly int _dimension;

    public MaterializedRowsDataView(string columnName, float[] values, int dimension)
    {
        _values = values;
        _dimension = dimension;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        Schema = builder.ToSchema();
    }

    public override DataViewSchema Schema { get; }

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

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var row = (int)CurrentRowWithin(_parent.GetRowCount()!.Value);
                VBuffer<float>.Copy(_parent._values, row * _parent._dimension, ref value, _parent._dimension);
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; read it as VBuffer<Single>, not {typeof(TValue).Name}.");
        }
    }
}
