using System;
using System.Linq;

namespace Microsoft.ML.Gan.Tests.Tabular;

/// <summary>
/// A small mixed table: a bimodal Single (Age), a Double with 10% missing values (Income), an Int32 (Visits), a string
/// with skewed categories (City: 60/30/10%), a Boolean (Member) and a key with text key values (Segment, from
/// MapValueToKey), and the options that train a CTGAN on it in seconds.
/// </summary>
internal static class TinyTable
{
    public sealed class Row
    {
        public float Age { get; set; }

        public double Income { get; set; }

        public int Visits { get; set; }

        public string City { get; set; } = string.Empty;

        public bool Member { get; set; }

        public string Segment { get; set; } = string.Empty;
    }

    public static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(i =>
        {
            var young = i % 2 == 0;
            var u = random.NextDouble();
            return new Row
            {
                Age = (float)(young ? 25 + 2 * Normal() : 60 + 3 * Normal()),
                Income = random.NextDouble() < 0.1 ? double.NaN : 30_000 + 5_000 * Normal(),
                Visits = random.Next(0, 10),
                City = u < 0.6 ? "Paris" : u < 0.9 ? "Lyon" : "Nice",
                Member = random.NextDouble() < 0.3,
                Segment = young ? "junior" : "senior",
            };
        }).ToArray();
    }

    /// <summary>The table as ML.NET sees it: Segment becomes a key column with its text key values.</summary>
    public static IDataView Load(MLContext mlContext, int count = 400, int seed = 7) =>
        mlContext.Transforms.Conversion.MapValueToKey("Segment")
            .Fit(mlContext.Data.LoadFromEnumerable(Rows(count, seed)))
            .Transform(mlContext.Data.LoadFromEnumerable(Rows(count, seed)));

    public static TabularGanTrainer.Options Options(int epochs = 60) => new()
    {
        Epochs = epochs,
        BatchSize = 50,
        GeneratorHiddenLayers = [64, 64],
        CriticHiddenLayers = [64, 64],
        LatentDimension = 32,
        Seed = 11,
    };
}
