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
