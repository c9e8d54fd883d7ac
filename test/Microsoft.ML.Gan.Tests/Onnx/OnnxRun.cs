using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.Gan.Tests.Onnx;

/// <summary>Runs an exported model with ONNX Runtime directly, and what the export tests compare.</summary>
internal static class OnnxRun
{
    /// <summary>A DCGAN small enough to train on a few dozen digits in about a second.</summary>
    public static GanTrainer.Options TinyDcgan(int epochs, double? averageDecay = null, string? labelColumnName = null, int width = 8) => new()
    {
        Network = GanNetwork.Dcgan,
        ConvolutionWidth = width,
        LatentDimension = 16,
        BatchSize = 32,
        Epochs = epochs,
        GeneratorAverageDecay = averageDecay,
        LabelColumnName = labelColumnName,
    };

    /// <summary>An exported model's bytes.</summary>
    public static byte[] Export(Action<Stream> export)
    {
        using var stream = new MemoryStream();
        export(stream);
        return stream.ToArray();
    }

    /// <summary>Runs <paramref name="model"/> on row-major float inputs of the given widths; returns each output flat.</summary>
    public static Dictionary<string, float[]> Run(byte[] model, params (string Name, float[] Values, int Width)[] inputs)
    {
        using var session = new InferenceSession(model);
        var values = inputs
            .Select(i => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(i.Values, [i.Values.Length / i.Width, i.Width])))
            .ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r => r.AsEnumerable<float>().ToArray());
    }

    /// <summary>GanML's latent vectors for keys 0 … <paramref name="rows"/> − 1 of <paramref name="seed"/>, row-major.</summary>
    public static float[] Latents(long seed, int rows, int dimension)
    {
        var latents = new float[rows * dimension];
        for (var row = 0; row < rows; row++)
        {
            GanOnnx.FillLatent(seed, row, latents.AsSpan(row * dimension, dimension));
        }

        return latents;
    }

    /// <summary>The largest absolute difference between two equally long sets of values.</summary>
    public static double MaxAbsoluteDifference(IReadOnlyList<float> x, IReadOnlyList<float> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{x.Count} values vs {y.Count}.");
        }

        return x.Zip(y, (a, b) => (double)Math.Abs(a - b)).Max();
    }
}
