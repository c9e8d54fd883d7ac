using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>Seeded feature sets and their data views, for the metric tests.</summary>
internal static class FeatureData
{
    public sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }

    /// <summary>A data view with a <c>Features</c> column of <paramref name="dimension"/> slots over row-major values.</summary>
    public static IDataView View(MLContext mlContext, float[] values, int dimension, uint[]? labels = null)
    {
        var rows = Enumerable.Range(0, values.Length / dimension)
            .Select(i => new Row { Features = values.AsSpan(i * dimension, dimension).ToArray(), Label = labels?[i] ?? 0 })
            .ToArray();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    public sealed class RowWithProbabilities
    {
        public float[] Features { get; set; } = [];

        public float[] Probabilities { get; set; } = [];
    }

    /// <summary>A data view with <c>Features</c> and <c>Probabilities</c> vector columns over row-major values.</summary>
    public static IDataView View(MLContext mlContext, float[] values, int dimension, float[] probabilities, int classes)
    {
        var rows = Enumerable.Range(0, values.Length / dimension)
            .Select(i => new RowWithProbabilities
            {
                Features = values.AsSpan(i * dimension, dimension).ToArray(),
                Probabilities = probabilities.AsSpan(i * classes, classes).ToArray(),
            })
            .ToArray();
        var schema = SchemaDefinition.Create(typeof(RowWithProbabilities));
        schema[nameof(RowWithProbabilities.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[nameof(RowWithProbabilities.Probabilities)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Independent Gaussians with per-feature means and standard deviations.</summary>
    public static float[] Gaussian(int rows, double[] means, double[] deviations, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * means.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var feature = i % means.Length;
            values[i] = (float)(means[feature] + (deviations[feature] * Normal(random)));
        }

        return values;
    }

    /// <summary>Isotropic Gaussians around <paramref name="center"/> in every coordinate.</summary>
    public static float[] Gaussian(int rows, int dimension, double center, int seed) =>
        Gaussian(rows, Enumerable.Repeat(center, dimension).ToArray(), Enumerable.Repeat(1.0, dimension).ToArray(), seed);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
