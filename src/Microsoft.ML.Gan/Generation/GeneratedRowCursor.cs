using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>A cursor over the input, each row seen as a <see cref="GeneratedRow"/>.</summary>
internal sealed class GeneratedRowCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly GeneratedRow _row;

    public GeneratedRowCursor(GanRowMapper mapper, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _input = input;
        _row = new GeneratedRow(mapper, input, activeColumns);
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
