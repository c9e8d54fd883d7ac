using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds the model's columns to each input row: every input column passes through; the generated column holds one sample
/// keyed by the row's seed column or position; the optional realism column scores the row's features with the
/// discriminator. Serves <c>Transform</c>, pipelines and <c>PredictionEngine</c>.
/// </summary>
internal sealed class GanRowMapper : IRowToRowMapper
{
    private readonly SampleGenerator _generator;
    private readonly RealismScorer? _scorer;
    private readonly long _seed;
    private readonly GanSettings _settings;

    public GanRowMapper(DataViewSchema inputSchema, GanSettings settings, long seed, SampleGenerator generator, RealismScorer? scorer)
    {
        InputSchema = inputSchema;
        _generator = generator;
        _seed = seed;
        _settings = settings;
        SeedColumn = settings.SeedColumnName is null ? null : SchemaChecks.SeedColumn(inputSchema, settings.SeedColumnName, nameof(inputSchema));
        if (settings.IsConditional)
        {
            // A conditional model generates for each input row's own condition.
            var (column, kind) = ConditionColumn.Resolve(inputSchema, settings.ConditionColumnName!, settings.IsLabelConditional, nameof(inputSchema));
            if (kind == ConditionKind.Vector && ((VectorDataViewType)column.Type).Size != settings.ConditionDimension)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema),
                    $"Schema mismatch for condition column '{column.Name}': expected a vector of {settings.ConditionDimension} slots (the model's), got {((VectorDataViewType)column.Type).Size}.");
            }

            (ConditionSource, ConditionKind) = (column, kind);
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(settings.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, generator.OutputDimension));
        if (settings.RealismScoreColumnName is { } realism)
        {
            FeatureColumn = SchemaChecks.FeatureColumn(inputSchema, settings.FeatureColumnName, nameof(inputSchema));
            if (((VectorDataViewType)FeatureColumn.Value.Type).Size != settings.FeatureDimension)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema),
                    $"Schema mismatch for feature column '{settings.FeatureColumnName}': expected a vector of {settings.FeatureDimension} slots (the model's), got {((VectorDataViewType)FeatureColumn.Value.Type).Size}.");
            }

            _scorer = scorer;
            builder.AddColumn(realism, NumberDataViewType.Single);
        }

        OutputSchema = builder.ToSchema();
        OutputColumn = OutputSchema[inputSchema.Count];
        RealismColumn = _scorer is null ? null : OutputSchema[inputSchema.Count + 1];
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column OutputColumn { get; }

    public DataViewSchema.Column? RealismColumn { get; }

    public DataViewSchema.Column? SeedColumn { get; }

    public DataViewSchema.Column? FeatureColumn { get; }

    /// <summary>The label or condition column a conditional model reads.</summary>
    public DataViewSchema.Column? ConditionSource { get; }

    private ConditionKind ConditionKind { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
        {
            if (column.Index < InputSchema.Count)
            {
                needed.Add(column.Index);
            }
            else if (column.Index == OutputColumn.Index)
            {
                if (SeedColumn is { } seed)
                {
                    needed.Add(seed.Index);
                }

                if (ConditionSource is { } condition)
                {
                    needed.Add(condition.Index);
                }
            }
            else if (column.Index == RealismColumn?.Index && FeatureColumn is { } features)
            {
                needed.Add(features.Index);
            }
        }

        return needed.OrderBy(index => index).Select(index => InputSchema[index]).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new GeneratedRow(this, input, activeColumns);

    /// <summary>The getter of the generated column over <paramref name="input"/>, with its own cache.</summary>
    internal ValueGetter<VBuffer<float>> CreateGeneratedGetter(DataViewRow input)
    {
        var cache = new GeneratedValueCache(_generator, _seed);
        if (ConditionSource is { } conditionColumn)
        {
            var fill = ConditionColumn.Filler(input, conditionColumn, ConditionKind, _settings.ConditionDimension);
            Func<long> latentKey = SeedColumn is { } keyColumn ? SeedReader(input, keyColumn) : () => input.Position;
            return (ref VBuffer<float> value) => cache.GetConditioned(input.Position, latentKey(), fill, ref value);
        }

        if (SeedColumn is not { } seedColumn)
        {
            return (ref VBuffer<float> value) => cache.GetByPosition(input.Position, ref value);
        }

        var readKey = SeedReader(input, seedColumn);
        return (ref VBuffer<float> value) => cache.GetByKey(readKey(), ref value);
    }

    /// <summary>The getter of the realism column over <paramref name="input"/>.</summary>
    internal ValueGetter<float> CreateRealismGetter(DataViewRow input)
    {
        var scorer = _scorer!;
        var features = input.GetGetter<VBuffer<float>>(FeatureColumn!.Value);
        var buffer = default(VBuffer<float>);
        var dense = new float[scorer.Dimension];
        return (ref float value) =>
        {
            features(ref buffer);
            buffer.CopyTo(dense);
            value = scorer.Score(dense);
        };
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
