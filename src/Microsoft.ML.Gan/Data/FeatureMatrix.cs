using System;
using System.Globalization;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The training rows of one vector column, read once into one contiguous row-major buffer (no per-row allocation), with
/// the per-slot range found on the way. GAN training revisits every row each epoch in a new order, so the rows are kept
/// in memory: <c>rows × dimension × 4</c> bytes.
/// </summary>
internal sealed class FeatureMatrix
{
    private FeatureMatrix(float[] values, int rows, int dimension, double[] minimum, double[] maximum)
    {
        Values = values;
        Rows = rows;
        Dimension = dimension;
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Row-major values; only the first <c>Rows × Dimension</c> entries are meaningful.</summary>
    public float[] Values { get; }

    public int Rows { get; }

    public int Dimension { get; }

    public double[] Minimum { get; }

    public double[] Maximum { get; }

    public Span<float> Span => Values.AsSpan(0, Rows * Dimension);

    /// <summary>Wraps row-major values computed elsewhere (for example by a feature extractor), finding the per-slot range.</summary>
    public static FeatureMatrix FromValues(float[] values, int rows, int dimension)
    {
        var minimum = new double[dimension];
        var maximum = new double[dimension];
        minimum.AsSpan().Fill(double.PositiveInfinity);
        maximum.AsSpan().Fill(double.NegativeInfinity);
        for (var i = 0; i < rows * dimension; i++)
        {
            minimum[i % dimension] = Math.Min(minimum[i % dimension], values[i]);
            maximum[i % dimension] = Math.Max(maximum[i % dimension], values[i]);
        }

        return new FeatureMatrix(values, rows, dimension, minimum, maximum);
    }

    /// <summary>
    /// Reads <paramref name="column"/>, rejecting NaN and infinities (with the row and slot) and empty data;
    /// <paramref name="dataName"/> names the data in those messages.
    /// </summary>
    public static FeatureMatrix Read(IDataView data, DataViewSchema.Column column, CancellationToken cancellationToken, string dataName = "training data")
    {
        var dimension = ((VectorDataViewType)column.Type).Size;
        var capacityRows = (int)Math.Clamp(data.GetRowCount() ?? 1024, 1, Array.MaxLength / dimension);
        var values = new float[capacityRows * dimension];
        var minimum = new double[dimension];
        var maximum = new double[dimension];
        minimum.AsSpan().Fill(double.PositiveInfinity);
        maximum.AsSpan().Fill(double.NegativeInfinity);

        var rows = 0;
        using (var cursor = data.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                if ((rows & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                getter(ref buffer);
                if (buffer.Length != dimension)
                {
                    throw new InvalidOperationException(
                        $"Feature column '{column.Name}' declares {dimension} slots but row {rows} has {buffer.Length}.");
                }

                if ((long)(rows + 1) * dimension > values.Length)
                {
                    values = Grow(values, dimension, column.Name);
                }

                var row = values.AsSpan(rows * dimension, dimension);
                buffer.CopyTo(row);
                for (var slot = 0; slot < dimension; slot++)
                {
                    var value = row[slot];
                    if (!float.IsFinite(value))
                    {
                        throw new InvalidOperationException(
                            $"Feature column '{column.Name}' has a non-finite value ({value.ToString(CultureInfo.InvariantCulture)}) at row {rows}, slot {slot}. " +
                            $"The {dataName} must be finite numbers: filter those rows or replace missing values first " +
                            "(for example with mlContext.Transforms.ReplaceMissingValues).");
                    }

                    minimum[slot] = Math.Min(minimum[slot], value);
                    maximum[slot] = Math.Max(maximum[slot], value);
                }

                rows++;
            }
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"The {dataName} is empty: feature column '{column.Name}' has no rows.");
        }

        return new FeatureMatrix(values, rows, dimension, minimum, maximum);
    }

    private static float[] Grow(float[] values, int dimension, string columnName)
    {
        var rows = values.Length / dimension;
        var grownRows = (long)rows * 2;
        if (grownRows * dimension > Array.MaxLength)
        {
            grownRows = Array.MaxLength / dimension;
            if (grownRows <= rows)
            {
                throw new InvalidOperationException(
                    $"Feature column '{columnName}' has more rows than fit in one buffer ({rows} rows of {dimension} slots).");
            }
        }

        var grown = new float[grownRows * dimension];
        values.AsSpan().CopyTo(grown);
        return grown;
    }
}
