using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;

namespace GanML.Benchmarks;

/// <summary>
/// The rows of one workload, held once in memory: as an <see cref="IDataView"/> for the public API, and as the same rows
/// mapped to [−1, 1] exactly as the trainer maps them (per-slot minimum/maximum, or one range for images) for the plain
/// loops, so both train on the same numbers in the same order.
/// </summary>
internal sealed class BenchmarkData
{
    private readonly bool _sharedRange;

    private BenchmarkData(float[] values, int dimension, bool sharedRange)
    {
        _sharedRange = sharedRange;
        Values = values;
        Dimension = dimension;
        Rows = values.Length / dimension;
        Scaled = Scale(values, dimension, sharedRange);
    }

    public float[] Values { get; }

    public float[] Scaled { get; }

    public int Dimension { get; }

    public int Rows { get; }

    /// <summary>The 10,000 bundled MNIST digits, pixels in [0, 1] (the trainer maps them to [−1, 1]).</summary>
    public static BenchmarkData Mnist(bool image)
    {
        var pixels = BundledMnist.Load().GetColumn<float[]>(BundledMnist.FeaturesColumnName).SelectMany(row => row).ToArray();
        return new BenchmarkData(pixels, BundledMnist.PixelCount, sharedRange: image);
    }

    /// <summary>
    /// The 25-Gaussian grid: centres (2i, 2j) for i, j ∈ {−2, …, 2}, standard deviation 0.05; row r belongs to centre
    /// r mod 25, and the noise is drawn from a seeded <see cref="Random"/> (Box–Muller).
    /// </summary>
    public static BenchmarkData Grid(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 2];
        for (var r = 0; r < rows; r++)
        {
            var centre = r % 25;
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            values[2 * r] = (float)(2 * (centre / 5 - 2) + 0.05 * radius * Math.Cos(angle));
            values[2 * r + 1] = (float)(2 * (centre % 5 - 2) + 0.05 * radius * Math.Sin(angle));
        }

        return new BenchmarkData(values, 2, sharedRange: false);
    }

    /// <summary>The first <paramref name="rows"/> rows (short runs and warm-ups).</summary>
    public BenchmarkData Take(int rows) => new(Values.AsSpan(0, Math.Min(rows, Rows) * Dimension).ToArray(), Dimension, _sharedRange);

    /// <summary>An in-memory view with one known-size vector column <c>Features</c>.</summary>
    public IDataView ToDataView(MLContext mlContext)
    {
        var rows = new List<FeatureRow>(Rows);
        for (var r = 0; r < Rows; r++)
        {
            rows.Add(new FeatureRow { Features = Values.AsSpan(r * Dimension, Dimension).ToArray() });
        }

        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Writes the raw rows as little-endian float32 (the PyTorch script reads the grid from it).</summary>
    public void WriteRaw(string path)
    {
        using var stream = File.Create(path);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Values.AsSpan()));
    }

    // The trainer's map: centre (min + max) / 2, half-range (max − min) / 2, constant slots to 0.
    private static float[] Scale(float[] values, int dimension, bool sharedRange)
    {
        var rows = values.Length / dimension;
        var minimum = Enumerable.Repeat(double.PositiveInfinity, dimension).ToArray();
        var maximum = Enumerable.Repeat(double.NegativeInfinity, dimension).ToArray();
        for (var r = 0; r < rows; r++)
        {
            for (var s = 0; s < dimension; s++)
            {
                minimum[s] = Math.Min(minimum[s], values[r * dimension + s]);
                maximum[s] = Math.Max(maximum[s], values[r * dimension + s]);
            }
        }

        if (sharedRange)
        {
            Array.Fill(minimum, minimum.Min());
            Array.Fill(maximum, maximum.Max());
        }

        var scaled = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var s = 0; s < dimension; s++)
            {
                var center = (float)((minimum[s] + maximum[s]) / 2);
                var half = (float)((maximum[s] - minimum[s]) / 2);
                scaled[r * dimension + s] = half > 0 ? (values[r * dimension + s] - center) / half : 0f;
            }
        }

        return scaled;
    }
}
