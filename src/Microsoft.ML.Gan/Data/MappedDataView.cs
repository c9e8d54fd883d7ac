using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The lazy result of applying a row-to-row mapper to a data view: nothing is computed until a cursor reads a row, and
/// only the source columns the requested outputs depend on are read.
/// </summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly IRowToRowMapper _mapper;
    private readonly bool _splittable;

    /// <param name="source">The input rows.</param>
    /// <param name="mapper">Adds the output columns to each input row.</param>
    /// <param name="splittable">Whether the source's parallel cursors may each be mapped: true when an output depends on
    /// its own row only; false when it depends on the cursor position (one cursor keeps positions equal to row numbers).</param>
    public MappedDataView(IDataView source, IRowToRowMapper mapper, bool splittable)
    {
        _source = source;
        _mapper = mapper;
        _splittable = splittable;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return Wrap(_source.GetRowCursor(_mapper.GetDependencies(needed), rand), needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        if (!_splittable)
        {
            return [GetRowCursor(columnsNeeded, rand)];
        }

        var needed = columnsNeeded.ToArray();
        return _source.GetRowCursorSet(_mapper.GetDependencies(needed), n, rand).Select(cursor => Wrap(cursor, needed)).ToArray();
    }

    private MappedRowCursor Wrap(DataViewRowCursor input, DataViewSchema.Column[] needed) => new(input, _mapper.GetRow(input, needed));
}
