using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds the generated column to each input row: every input column passes through, and the new column holds one sample
/// keyed by the row's seed column or position. Serves <c>Transform</c>, pipelines and <c>PredictionEngine</c>.
/// </summary>
internal sealed class GanRowMapper : IRowToRowMapper
{
    private readonly SampleGenerator _generator;
    private readonly long _seed;

    public GanRowMapper(DataViewSchema inputSchema, SampleGenerator generator, long seed, string outputColumnName, string? seedColumnName)
    {
        InputSchema = inputSchema;
        _generator = generator;
        _seed = seed;
        SeedColumn = seedColumnName is null ? null : SchemaChecks.SeedColumn(inputSchema, seedColumnName, nameof(inputSchema));

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(outputColumnName, new VectorDataViewType(NumberDataViewType.Single, generator.OutputDimension));
        OutputSchema = builder.ToSchema();
        OutputColumn = OutputSchema[OutputSchema.Count - 1];
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column OutputColumn { get; }

    public DataViewSchema.Column? SeedColumn { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
        {
            if (column.Index < InputSchema.Count)
            {
                needed.Add(column.Index);
            }
            else if (column.Index == OutputColumn.Index && SeedColumn is { } seed)
            {
                needed.Add(seed.Index);
            }
        }

        return needed.OrderBy(index => index).Select(index => InputSchema[index]).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new GeneratedRow(this, input, activeColumns.Any(column => column.Index == OutputColumn.Index));

    /// <summary>The getter of the generated column over <paramref name="input"/>, with its own cache.</summary>
    internal ValueGetter<VBuffer<float>> CreateGetter(DataViewRow input)
    {
        var cache = new GeneratedValueCache(_generator, _seed);
        if (SeedColumn is not { } seedColumn)
        {
            return (ref VBuffer<float> value) => cache.GetByPosition(input.Position, ref value);
        }

        var readKey = SeedReader(input, seedColumn);
        return (ref VBuffer<float> value) => cache.GetByKey(readKey(), ref value);
    }

    private static Func<long> SeedReader(DataViewRow input, DataViewSchema.Column column)
    {
        // Resolve the typed getter once; reading a row then allocates nothing.
        if (column.Type == NumberDataViewType.Int32)
        {
            var getter = input.GetGetter<int>(column);
            int value = 0;
            return () => { getter(ref value); return value; };
        }

        if (column.Type == NumberDataViewType.Int64)
        {
            var getter = input.GetGetter<long>(column);
            long value = 0;
            return () => { getter(ref value); return value; };
        }

        if (column.Type == NumberDataViewType.UInt32)
        {
            var getter = input.GetGetter<uint>(column);
            uint value = 0;
            return () => { getter(ref value); return value; };
        }

        var unsignedGetter = input.GetGetter<ulong>(column);
        ulong unsignedValue = 0;
        return () => { unsignedGetter(ref unsignedValue); return unchecked((long)unsignedValue); };
    }
}
