using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds an <see cref="MLImage"/> column made from a generated float vector column (see
/// <see cref="GeneratedImageEstimator"/>). Row to row, lazy, and saved with <c>mlContext.Model.Save</c>.
/// </summary>
/// <remarks>
/// Each read of the image column returns a new image that the reader owns; dispose it when done, as with ML.NET's other
/// image columns.
/// </remarks>
public sealed class GeneratedImageTransformer : ITransformer
{
    internal GeneratedImageTransformer(string outputColumnName, string inputColumnName, ImageShape shape)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Shape = shape;
    }

    /// <summary>The image column that <see cref="Transform"/> adds.</summary>
    public string OutputColumnName { get; }

    /// <summary>The generated vector column the images are made from.</summary>
    public string InputColumnName { get; }

    /// <summary>How the input rows hold images.</summary>
    public ImageShape Shape { get; }

    /// <summary>Always <see langword="true"/>: each image depends only on its own row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the image column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of <see cref="Transform"/>'s result.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c> and pipelines.</summary>
    /// <param name="inputSchema">The schema of the input rows.</param>
    /// <returns>A mapper that adds the image column.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>Adds the image column; images are made as a cursor reads them.</summary>
    /// <param name="input">Data with the input vector column.</param>
    /// <returns>The input columns plus <see cref="OutputColumnName"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or is not a vector of <see cref="ImageShape.Length"/> floats.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema), splittable: true);
    }

    /// <summary>Called by <c>mlContext.Model.Save</c>: writes the column names and the image shape.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => GeneratedImagePersistence.Save(ctx, this);

    private GeneratedImageMapper CreateMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new GeneratedImageMapper(inputSchema, InputColumnName, OutputColumnName, Shape);
    }
}
