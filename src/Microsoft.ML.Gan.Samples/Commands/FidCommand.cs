using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Times GanML's FID on two raw float32 feature files (as eng/evaluation/fid_reference.py benchmark writes them) and
/// prints the value, so that it can be compared with the SciPy route on the same features.
/// </summary>
internal static class FidCommand
{
    public static int Run(FileInfo real, FileInfo generated, int dimension)
    {
        var mlContext = new MLContext(seed: 1);
        var realView = Load(mlContext, real, dimension);
        var generatedView = Load(mlContext, generated, dimension);

        // Warm-up on a tiny problem, so one-off native loading is not part of the measurement.
        var tiny = Load(mlContext, real, dimension, maxRows: 2);
        _ = mlContext.Gan().ComputeFeatureStatistics(tiny);

        var clock = Stopwatch.StartNew();
        var realStatistics = mlContext.Gan().ComputeFeatureStatistics(realView);
        var generatedStatistics = mlContext.Gan().ComputeFeatureStatistics(generatedView);
        var statisticsSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var result = mlContext.Gan().ComputeFrechetDistance(realStatistics, generatedStatistics);
        var distanceSeconds = clock.Elapsed.TotalSeconds;

        // Invariant culture: the benchmark script and the tests read these lines.
        Console.WriteLine(FormattableString.Invariant($"{Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        Console.WriteLine(FormattableString.Invariant($"FID {result.Value:R} (offset: {result.DiagonalOffset}; {result.RealCount} real, {result.GeneratedCount} generated, {result.Dimension} features)"));
        Console.WriteLine(FormattableString.Invariant($"statistics (mean + cov, both sides, from IDataView): {statisticsSeconds:F2} s"));
        Console.WriteLine(FormattableString.Invariant($"Frechet distance: {distanceSeconds:F2} s"));
        Console.WriteLine(FormattableString.Invariant($"total: {statisticsSeconds + distanceSeconds:F2} s"));
        return 0;
    }

    private static IDataView Load(MLContext mlContext, FileInfo file, int dimension, int maxRows = int.MaxValue)
    {
        var values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file.FullName)).ToArray();
        if (values.Length % dimension != 0)
        {
            throw new InvalidOperationException($"{file.FullName} holds {values.Length} floats, not a multiple of {dimension}.");
        }

        var rows = Enumerable.Range(0, Math.Min(values.Length / dimension, maxRows))
            .Select(i => new FeatureRow { Features = values.AsSpan(i * dimension, dimension).ToArray() })
            .ToArray();
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
