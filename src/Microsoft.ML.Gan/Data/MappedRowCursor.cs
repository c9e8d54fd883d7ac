using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>A cursor over the source whose current row is seen through a mapper's row.</summary>
internal sealed class MappedRowCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly DataViewRow _row;

    public MappedRowCursor(DataViewRowCursor input, DataViewRow row)
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
