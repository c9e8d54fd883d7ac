using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan;

/// <summary>
/// Appends an image column made from a generated float vector column, the inverse of ML.NET's <c>ExtractPixels</c>.
/// Create it with <c>mlContext.Gan().ConvertToImage(...)</c>; fitting it looks at no data.
/// </summary>
/// <remarks>
/// <para>ML.NET's own <c>ConvertToImage</c> (<c>VectorToImageConvertingEstimator</c>) is not a safe inverse for
/// generated rows in Microsoft.ML.ImageAnalytics 5.0.1: it computes <c>(byte)Math.Round(value × scaleImage −
/// offsetImage)</c> without clamping, so values a little outside the pixel range wrap around (280 becomes 24, −26
/// becomes 230); with any scale or offset and no alpha plane it writes alpha 0, a fully transparent image; and a
/// one-plane vector becomes a red image, not a grey one. This estimator clamps, keeps images opaque, reads one channel
/// as grey, and takes the <c>ExtractPixels</c> settings themselves (see <see cref="ImageShape"/>).</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and role</description></listheader>
/// <item><term>Input</term><description>Known-size vector of Single with <see cref="ImageShape.Length"/> slots.</description></item>
/// <item><term>Output</term><description><see cref="MLImage"/> of <see cref="ImageShape.Width"/> × <see cref="ImageShape.Height"/>, opaque BGRA.</description></item>
/// </list>
/// </remarks>
public sealed class GeneratedImageEstimator : IEstimator<GeneratedImageTransformer>
{
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly ImageShape _shape;

    internal GeneratedImageEstimator(string outputColumnName, string inputColumnName, ImageShape shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _shape = shape.Checked(nameof(shape));
    }

    /// <summary>Checks the input column and returns the transformer; no data are read.</summary>
    /// <param name="input">Data with the input vector column.</param>
    /// <returns>The transformer that adds the image column.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or is not a vector of <see cref="ImageShape.Length"/> floats.</exception>
    public GeneratedImageTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputColumn(input.Schema, _inputColumnName, _shape);
        return new GeneratedImageTransformer(_outputColumnName, _inputColumnName, _shape);
    }

    /// <summary>The input schema plus the image column.</summary>
    /// <param name="inputSchema">The shape of the input data.</param>
    /// <returns>The shape of the transformed data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or is not a known-size vector of Single.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var input = inputSchema.LastOrDefault(column => column.Name == _inputColumnName);
        if (input.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Could not find input column '{_inputColumnName}'. The input has: {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'").Distinct())}.");
        }

        if (input.Kind != SchemaShape.Column.VectorKind.Vector || input.IsKey || input.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for input column '{_inputColumnName}': expected known-size vector of Single, got {input.Kind} of {input.ItemType}.");
        }

        var output = MLNetInternals.CreateSchemaShapeColumn(
            _outputColumnName, SchemaShape.Column.VectorKind.Scalar, new ImageDataViewType(_shape.Height, _shape.Width));
        return new SchemaShape(inputSchema.Where(column => column.Name != _outputColumnName).Append(output));
    }

    /// <summary>The input column of a concrete schema: a known-size vector of Single with <see cref="ImageShape.Length"/> slots.</summary>
    internal static DataViewSchema.Column CheckInputColumn(DataViewSchema schema, string name, ImageShape shape)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"Could not find input column '{name}'. The input has: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'").Distinct())}.");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single || vector.Size != shape.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{name}': expected vector of Single with {shape.Length} slots " +
                $"({shape.Width} × {shape.Height} × {shape.Channels}), got {column.Type}.");
        }

        return column;
    }
}
