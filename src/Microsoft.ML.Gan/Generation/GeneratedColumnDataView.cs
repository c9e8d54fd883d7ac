using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>The lazy result of <see cref="GanTransformer.Transform"/>: nothing is generated until a cursor reads it.</summary>
internal sealed class GeneratedColumnDataView : IDataView
{
    private readonly IDataView _source;
    private readonly GanRowMapper _mapper;

    public GeneratedColumnDataView(IDataView source, GanRowMapper mapper)
    {
        _source = source;
        _mapper = mapper;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var input = _source.GetRowCursor(_mapper.GetDependencies(needed), rand);
        return new GeneratedRowCursor(_mapper, input, needed);
    }

    // Generated values are keyed by cursor position; one cursor keeps positions equal to row numbers.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
