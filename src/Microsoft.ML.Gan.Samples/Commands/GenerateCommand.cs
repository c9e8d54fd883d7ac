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

/// <summary>
/// Loads a saved model zip (a GAN alone or a pipeline ending in one) and writes generated rows: as CSV when the output
/// is a <c>.csv</c> file, else as one PNG per row into the output folder (image models only).
/// </summary>
internal static class GenerateCommand
{
    public static int Run(FileInfo model, long count, long seed, GenerationRoute via, string output)
    {
        var csv = string.Equals(Path.GetExtension(output), ".csv", StringComparison.OrdinalIgnoreCase);
        var mlContext = new MLContext();
        // LoadGan, not Load: this process never calls mlContext.Gan(), which would register GanML's loaders.
        var loaded = mlContext.Model.LoadGan(model.FullName, out _);
        if (loaded is TabularGanTransformer tabular)
        {
            return WriteTabular(mlContext, tabular, count, seed, via, output);
        }

        var gan = loaded as GanTransformer
            ?? (loaded as TransformerChain<ITransformer>)?.OfType<GanTransformer>().LastOrDefault()
            ?? throw new InvalidOperationException($"{model.FullName} holds no GAN ({loaded.GetType().Name}).");

        using (gan)
        {
            if (!csv && gan.ImageShape is null)
            {
                Console.Error.WriteLine($"{model.FullName} generates rows of {gan.FeatureDimension} values, not images: give --out a .csv file.");
                return 2;
            }

            var rows = via switch
            {
                GenerationRoute.Generate => Read(gan.Generate(count, seed), gan.FeatureColumnName),
                GenerationRoute.Transform => Read(gan.Transform(EmptyRows(mlContext, count)), gan.OutputColumnName),
                _ => Predict(mlContext, gan, count),
            };
            if (csv)
            {
                WriteCsv(rows, gan, output);
            }
            else
            {
                var shape = gan.ImageShape!.Value;
                var images = mlContext.Data.LoadFromEnumerable(rows.Select(row => new GeneratedRow { Generated = row }), SchemaFor(gan));
                GanImages.WritePngs(images, nameof(GeneratedRow.Generated), shape, output, prefix: "generated");
            }
        }

        Console.WriteLine($"Wrote {count} generated {(csv ? "rows" : "images")} ({via}) to {Path.GetFullPath(output)}.");
        return 0;
    }

    /// <summary>A tabular GAN's rows in its own columns, as ML.NET's text saver writes them (floats round-trip exactly).</summary>
    private static int WriteTabular(MLContext mlContext, TabularGanTransformer tabular, long count, long seed, GenerationRoute via, string output)
    {
        using (tabular)
        {
            if (!string.Equals(Path.GetExtension(output), ".csv", StringComparison.OrdinalIgnoreCase) || via == GenerationRoute.PredictionEngine)
            {
                Console.Error.WriteLine("A tabular GAN writes a .csv file, through --via Generate or Transform.");
                return 2;
            }

            var rows = via == GenerationRoute.Generate ? tabular.Generate(count, seed) : tabular.Transform(EmptyRows(mlContext, count));
            using var file = File.Create(output);
            mlContext.Data.SaveAsText(rows, file, separatorChar: ',', headerRow: true, schema: false);
        }

        Console.WriteLine($"Wrote {count} generated rows ({via}) to {Path.GetFullPath(output)}.");
        return 0;
    }

    private static void WriteCsv(IEnumerable<float[]> rows, GanTransformer gan, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(",", Enumerable.Range(0, gan.FeatureDimension).Select(i => $"{gan.FeatureColumnName}{i}")));
        foreach (var row in rows)
        {
            // "R" round-trips every float exactly, so another process can compare bit for bit.
            writer.WriteLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
    }

    /// <summary>The generated row's vector size is only known at run time: declare it in a schema definition.</summary>
    private static SchemaDefinition SchemaFor(GanTransformer gan, string? columnName = null)
    {
        var schema = SchemaDefinition.Create(typeof(GeneratedRow));
        schema[nameof(GeneratedRow.Generated)].ColumnName = columnName ?? nameof(GeneratedRow.Generated);
        schema[nameof(GeneratedRow.Generated)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, gan.FeatureDimension);
        return schema;
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
        var engine = mlContext.Model.CreatePredictionEngine<RowNumber, GeneratedRow>(gan, outputSchemaDefinition: SchemaFor(gan, gan.OutputColumnName));
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
