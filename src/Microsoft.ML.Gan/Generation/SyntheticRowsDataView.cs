using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The result of <see cref="GanTransformer.Generate(long, long)"/>: <c>count</c> synthetic rows with one vector column named like the
/// training feature column, generated lazily a block at a time as a cursor reads them. For a label-conditional model the
/// rows also carry the label column (same name and type as in training), each row generated for its label.
/// </summary>
internal sealed class SyntheticRowsDataView : SequentialDataView
{
    private readonly SampleGenerator _generator;
    private readonly long _count;
    private readonly long _seed;
    private readonly SyntheticLabels? _labels;
    private readonly double? _truncation;

    public SyntheticRowsDataView(SampleGenerator generator, string columnName, long count, long seed, SyntheticLabels? labels = null, double? truncation = null)
    {
        _truncation = truncation;
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

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _count;

    protected override DataViewRowCursor CreateCursor(HashSet<int> active) => new Cursor(this, active);

    private sealed class Cursor : SequentialCursor
    {
        private readonly SyntheticRowsDataView _parent;
        private readonly GeneratedValueCache _cache;

        public Cursor(SyntheticRowsDataView parent, HashSet<int> active)
            : base(parent.Schema, active)
        {
            _parent = parent;
            _cache = new GeneratedValueCache(parent._generator, parent._seed, parent._labels?.ClassOfPosition, parent._truncation);
        }

        public override bool MoveNext() => MoveNextWithin(_parent._count);

        private long CheckedPosition => CurrentRowWithin(_parent._count);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);

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
