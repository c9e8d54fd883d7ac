using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>Loads a saved model zip (a GAN alone or a pipeline ending in one) and writes generated rows as CSV.</summary>
internal static class GenerateCommand
{
    public static int Run(FileInfo model, long count, long seed, FileInfo output)
    {
        var mlContext = new MLContext();
        mlContext.Gan(); // Registers the GAN loader with this context before Load.
        var loaded = mlContext.Model.Load(model.FullName, out _);
        var gan = loaded as GanTransformer
            ?? (loaded as TransformerChain<ITransformer>)?.OfType<GanTransformer>().LastOrDefault()
            ?? throw new InvalidOperationException($"{model.FullName} holds no GAN ({loaded.GetType().Name}).");

        using (gan)
        {
            var rows = gan.Generate(count, seed);
            var column = rows.Schema[0];
            using var writer = new StreamWriter(output.FullName);
            writer.WriteLine(string.Join(",", Enumerable.Range(0, gan.FeatureDimension).Select(i => $"{column.Name}{i}")));
            using var cursor = rows.GetRowCursor([column]);
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                // "R" round-trips every float exactly, so another process can compare bit for bit.
                writer.WriteLine(string.Join(",", buffer.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
        }

        Console.WriteLine($"Wrote {count} generated rows to {output.FullName}.");
        return 0;
    }
}
