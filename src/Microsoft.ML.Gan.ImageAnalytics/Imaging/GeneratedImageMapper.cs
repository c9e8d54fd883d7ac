using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds the image column of a <see cref="GeneratedImageTransformer"/> to each input row; every input column passes
/// through. Serves <c>Transform</c>, pipelines and <c>PredictionEngine</c>.
/// </summary>
internal sealed class GeneratedImageMapper : IRowToRowMapper
{
    public GeneratedImageMapper(DataViewSchema inputSchema, string inputColumnName, string outputColumnName, ImageShape shape)
    {
        InputSchema = inputSchema;
        Shape = shape;
        InputColumn = GeneratedImageEstimator.CheckInputColumn(inputSchema, inputColumnName, shape);

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(outputColumnName, new ImageDataViewType(shape.Height, shape.Width));
        OutputSchema = builder.ToSchema();
        OutputColumn = OutputSchema[inputSchema.Count];
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column InputColumn { get; }

    public DataViewSchema.Column OutputColumn { get; }

    public ImageShape Shape { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        AddedColumnsRow.Dependencies(InputSchema, InputColumn, dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new AddedColumnsRow(OutputSchema, input, activeColumns, (row, _) => CreateImageGetter(row));

    /// <summary>The getter of the image column over <paramref name="input"/>: each call returns a new image.</summary>
    internal ValueGetter<MLImage> CreateImageGetter(DataViewRow input)
    {
        var source = input.GetGetter<VBuffer<float>>(InputColumn);
        var shape = Shape;
        var vector = default(VBuffer<float>);
        var dense = new float[shape.Length];
        var pixels = new byte[shape.Width * shape.Height * 4];
        return (ref MLImage value) =>
        {
            source(ref vector);
            ReadOnlySpan<float> row = dense;
            if (vector.IsDense)
            {
                row = vector.GetValues();
            }
            else
            {
                vector.CopyTo(dense);
            }

            ImagePixels.FromRow(row, shape, pixels, shape.Width * 4);

            // A new image per call, as ML.NET's own image transforms do: the caller owns and disposes it.
            value = MLImage.CreateFromPixels(shape.Width, shape.Height, MLPixelFormat.Bgra32, pixels);
            value.Tag = nameof(GeneratedImageTransformer);
        };
    }
}
