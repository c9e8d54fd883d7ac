using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// What the library's own views (generated rows, augmented rows) share: read front to back by one cursor, never
/// shuffled, row ids from positions. A subclass gives the schema, the row count and its cursor.
/// </summary>
internal abstract class SequentialDataView : IDataView
{
    public bool CanShuffle => false;

    public abstract DataViewSchema Schema { get; }

    public abstract long? GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        CreateCursor(columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>A cursor that serves the columns whose indices are in <paramref name="active"/>.</summary>
    protected abstract DataViewRowCursor CreateCursor(HashSet<int> active);

    /// <summary>The cursor plumbing: position, batch, row ids and the active-column checks.</summary>
    protected abstract class SequentialCursor : DataViewRowCursor
    {
        private readonly HashSet<int> _active;

        protected SequentialCursor(DataViewSchema schema, HashSet<int> active)
        {
            Schema = schema;
            _active = active;
        }

        public override long Position => RowPosition;

        public override long Batch => 0;

        public override DataViewSchema Schema { get; }

        /// <summary>The current row, −1 before the first <c>MoveNext</c>.</summary>
        protected long RowPosition { get; set; } = -1;

        /// <summary>Steps to the next of <paramref name="rowCount"/> rows; past the last it stays at the end.</summary>
        protected bool MoveNextWithin(long rowCount)
        {
            RowPosition = Math.Min(RowPosition + 1, rowCount);
            return RowPosition < rowCount;
        }

        /// <summary>The current row of <paramref name="rowCount"/>, or a clear error before the first or after the last.</summary>
        protected long CurrentRowWithin(long rowCount) => RowPosition >= 0 && RowPosition < rowCount
            ? RowPosition
            : throw new InvalidOperationException("The cursor is not on a row: call MoveNext and check that it returned true.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)RowPosition, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        /// <summary>Throws unless <paramref name="column"/> was asked for when the cursor was made.</summary>
        protected void CheckActive(DataViewSchema.Column column)
        {
            if (!_active.Contains(column.Index))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active on this cursor.");
            }
        }

        /// <summary><paramref name="getter"/> as the getter the caller asked for, or a clear error when the types differ.</summary>
        protected static ValueGetter<TValue> As<TValue, TActual>(ValueGetter<TActual> getter, DataViewSchema.Column column) =>
            getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
