// The README's quick start, compiled with the samples so that it stays correct; a test checks the README quotes it.
// quick start begins
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Runtime;

public static class QuickStart
{
    public sealed class Point
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    public static void Run()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(1);
        var points = new Point[2000];
        for (var i = 0; i < points.Length; i++)
        {
            var x = (float)(random.NextDouble() * 4 - 2);
            points[i] = new Point { Features = [x, x * x + 0.1f * (float)random.NextDouble()] };
        }

        IDataView data = mlContext.Data.LoadFromEnumerable(points);

        // Progress: like every ML.NET trainer, GanML reports on mlContext.Log (here one line per epoch with the losses).
        mlContext.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info && e.Source.StartsWith("Gan")) Console.WriteLine(e.RawMessage); };

        // Train with the defaults on the "Features" column, or pass GanTrainer.Options for full control.
        using GanTransformer model = mlContext.Gan().Fit(data);

        // 5 synthetic rows in a "Features" column, in the same units as the training data.
        IDataView synthetic = model.Generate(count: 5, seed: 42);
        foreach (var point in mlContext.Data.CreateEnumerable<Point>(synthetic, reuseRowObject: false))
        {
            Console.WriteLine($"x = {point.Features[0]:F2}, y = {point.Features[1]:F2}");
        }
    }
}
// quick start ends
