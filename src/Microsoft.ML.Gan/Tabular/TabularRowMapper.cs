using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Serves <see cref="TabularGanTransformer.Transform"/> and <c>PredictionEngine</c>: every input column passes through and
/// the modelled columns are appended (hiding input columns of the same names), holding one synthetic row per input row,
/// keyed by the row's position and the model's generation seed. No input column is read.
/// </summary>
internal sealed class TabularRowMapper : IRowToRowMapper
{
    private readonly TabularGanModel _model;
    private readonly TabularSampler _sampler;

    public TabularRowMapper(DataViewSchema inputSchema, TabularGanModel model, TabularSampler sampler)
    {
        InputSchema = inputSchema;
        _model = model;
        _sampler = sampler;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var column in model.Encoding.Columns)
        {
            builder.AddColumn(column.Spec.Name, column.Spec.DataType(), column.Spec.Annotations());
        }

        OutputSchema = builder.ToSchema();
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        dependingColumns.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToArray();

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var encoding = _model.Encoding;
        var block = new TabularBlock(encoding, 1);
        long generatedFor = -1;
        TabularBlock Current()
        {
            if (generatedFor != input.Position)
            {
                _sampler.Generate(_model.GenerationSeed, input.Position, 1, condition: null, block, 0);
                generatedFor = input.Position;
            }

            return block;
        }

        return new AddedColumnsRow(OutputSchema, input, activeColumns,
            (_, column) => TabularGetters.Create(encoding.Columns[column.Index - InputSchema.Count], column.Index - InputSchema.Count, Current, () => 0));
    }
}
