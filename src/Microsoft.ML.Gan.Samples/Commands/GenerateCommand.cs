using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>How <see cref="GenerateCommand"/> produces rows from the loaded model.</summary>
internal enum GenerationRoute
{
    /// <summary><c>GanTransformer.Generate(count, seed)</c>.</summary>
    Generate,

    /// <summary><c>Transform</c> over <c>count</c> empty rows: rows keyed by position with the model's generation seed.</summary>
    Transform,

    /// <summary>One <c>PredictionEngine.Predict</c> call per row: keyed by call number with the model's generation seed.</summary>
    PredictionEngine,
}

/// <summary>Loads a saved model zip (a GAN alone or a pipeline ending in one) and writes generated rows as CSV.</summary>
internal static class GenerateCommand
{
    public static int Run(FileInfo model, long count, long seed, GenerationRoute via, FileInfo output)
    {
        var mlContext = new MLContext();
        mlContext.Gan(); // Registers the GAN loader with this context before Load.
        var loaded = mlContext.Model.Load(model.FullName, out _);
        var gan = loaded as GanTransformer
            ?? (loaded as TransformerChain<ITransformer>)?.OfType<GanTransformer>().LastOrDefault()
            ?? throw new InvalidOperationException($"{model.FullName} holds no GAN ({loaded.GetType().Name}).");

        using (gan)
        {
            var rows = via switch
            {
                GenerationRoute.Generate => Read(gan.Generate(count, seed), gan.FeatureColumnName),
                GenerationRoute.Transform => Read(gan.Transform(EmptyRows(mlContext, count)), gan.OutputColumnName),
                _ => Predict(mlContext, gan, count),
            };
            using var writer = new StreamWriter(output.FullName);
            writer.WriteLine(string.Join(",", Enumerable.Range(0, gan.FeatureDimension).Select(i => $"{gan.FeatureColumnName}{i}")));
            foreach (var row in rows)
            {
                // "R" round-trips every float exactly, so another process can compare bit for bit.
                writer.WriteLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
        }

        Console.WriteLine($"Wrote {count} generated rows ({via}) to {output.FullName}.");
        return 0;
    }

    private static IDataView EmptyRows(MLContext mlContext, long count) =>
        mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, checked((int)count)).Select(i => new RowNumber { Number = i }));

    private static IEnumerable<float[]> Read(IDataView view, string columnName)
    {
        var column = view.Schema[columnName];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            yield return buffer.DenseValues().ToArray();
        }
    }

    private static IEnumerable<float[]> Predict(MLContext mlContext, GanTransformer gan, long count)
    {
        // The output class's vector size is only known at run time: declare it in the schema definition.
        var outputSchema = SchemaDefinition.Create(typeof(GeneratedRow));
        outputSchema[nameof(GeneratedRow.Generated)].ColumnName = gan.OutputColumnName;
        outputSchema[nameof(GeneratedRow.Generated)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, gan.FeatureDimension);
        var engine = mlContext.Model.CreatePredictionEngine<RowNumber, GeneratedRow>(gan, outputSchemaDefinition: outputSchema);
        for (var i = 0; i < count; i++)
        {
            yield return engine.Predict(new RowNumber { Number = i }).Generated;
        }
    }

    private sealed class RowNumber
    {
        public int Number { get; set; }
    }

    private sealed class GeneratedRow
    {
        public float[] Generated { get; set; } = [];
    }
}
