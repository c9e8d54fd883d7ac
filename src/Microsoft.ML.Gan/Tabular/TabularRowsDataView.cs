using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>The rows of <see cref="TabularGanTransformer.Generate(long, long)"/>, decoded and held in memory.</summary>
internal sealed class TabularRowsDataView : SequentialDataView
{
    private readonly TabularEncoding _encoding;
    private readonly TabularBlock _block;

    public TabularRowsDataView(TabularEncoding encoding, TabularBlock block)
    {
        _encoding = encoding;
        _block = block;
        Schema = TabularColumnSpec.Schema(encoding.Columns.Select(c => c.Spec));
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _block.Rows;

    protected override DataViewRowCursor CreateCursor(HashSet<int> active) => new Cursor(this, active);

    private sealed class Cursor : SequentialCursor
    {
        private readonly TabularRowsDataView _parent;

        public Cursor(TabularRowsDataView parent, HashSet<int> active)
            : base(parent.Schema, active)
        {
            _parent = parent;
        }

        public override bool MoveNext() => MoveNextWithin(_parent._block.Rows);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            var getter = TabularGetters.Create(_parent._encoding.Columns[column.Index], column.Index, () => _parent._block, () => (int)CurrentRowWithin(_parent._block.Rows));
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }
    }
}
