using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Gan.Tests.CycleGan;
using Microsoft.ML.Gan.Tests.Imaging;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Onnx;

/// <summary>
/// Exported generators run with ONNX Runtime (directly and through ML.NET's ApplyOnnxModel) against the library's own
/// output for the same latent vectors, in the data's units.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const long Seed = 42;
    private readonly MLContext _mlContext = new(seed: 1);

    [Theory]
    [InlineData(GanActivation.LeakyRelu, GanOutputActivation.Tanh)]
    [InlineData(GanActivation.Relu, GanOutputActivation.Linear)]
    public void Mlp_generator_reproduces_Generate_for_GanMLs_latent_vectors(GanActivation activation, GanOutputActivation outputActivation)
    {
        var options = TinyGan.Options(epochs: 3);
        options.GeneratorHiddenLayers = [16, 16];
        options.GeneratorActivation = activation;
        options.GeneratorOutputActivation = outputActivation;
        using var model = _mlContext.Gan().Trainer(options).Fit(Parabola(400));
        const int Rows = 300;

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx), (GanOnnx.LatentInputName, OnnxRun.Latents(Seed, Rows, model.LatentDimension), model.LatentDimension));

        var expected = GeneratedRows.Read(model.Generate(Rows, Seed), model.FeatureColumnName).SelectMany(r => r).ToArray();
        onnx.Keys.Should().Equal(model.OutputColumnName);
        Report($"MLP {activation}/{outputActivation}", onnx[model.OutputColumnName], expected);
        expected.Distinct().Count().Should().BeGreaterThan(Rows, "the rows should vary with the latent vector");
    }

    // Width 12 gives 24 feature maps, which ChannelAlignedConvolution pads to 32 in libtorch; the graph has plain convolutions.
    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    public void Dcgan_generator_with_weight_averaging_reproduces_Generate_in_pixel_units(int width)
    {
        var digits = _mlContext.Data.TakeRows(_mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 3), 64);
        var options = OnnxRun.TinyDcgan(epochs: 2, averageDecay: 0.9, width: width);
        using var model = _mlContext.Gan().Trainer(options).Fit(digits);
        model.Model.GeneratorAverage.Should().NotBeNull();
        const int Rows = 20;

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx), (GanOnnx.LatentInputName, OnnxRun.Latents(Seed, Rows, 16), 16));

        var expected = GeneratedRows.Read(model.Generate(Rows, Seed), model.FeatureColumnName).SelectMany(r => r).ToArray();
        expected.Should().HaveCount(Rows * 784);
        Report($"DCGAN 28x28, w = {width}, weight average", onnx[model.OutputColumnName], expected);

        // The average's weights, not the trained generator's: the latter gives other rows.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var latent = tensor(OnnxRun.Latents(Seed, Rows, 16), [Rows, 16]);
        model.Model.Generator.eval();
        var raw = OnnxNetworkWriter.Values(model.Model.Generator.forward(latent));
        var unscaled = raw.Select((v, i) => (v * model.Model.Scaling.HalfRange[i % 784]) + model.Model.Scaling.Center[i % 784]).ToArray();
        var trainedDifference = OnnxRun.MaxAbsoluteDifference(unscaled, onnx[model.OutputColumnName]);
        output.WriteLine($"max |trained generator − ONNX| = {trainedDifference:E2}");
        trainedDifference.Should().BeGreaterThan(10 * Tolerance);
    }

    [Fact]
    public void Transform_keyed_by_a_seed_column_is_reproduced_with_the_generation_seed_and_each_rows_key()
    {
        var options = TinyGan.Options(epochs: 2);
        options.SeedColumnName = nameof(KeyedRow.Key);
        using var model = _mlContext.Gan().Trainer(options).Fit(Parabola(300));
        long[] keys = [3, 1000, 5, 987654321, 3];
        var latents = new float[keys.Length * model.LatentDimension];
        for (var row = 0; row < keys.Length; row++)
        {
            GanOnnx.FillLatent(model.GenerationSeed, keys[row], latents.AsSpan(row * model.LatentDimension, model.LatentDimension));
        }

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx), (GanOnnx.LatentInputName, latents, model.LatentDimension));

        var transformed = model.Transform(_mlContext.Data.LoadFromEnumerable(keys.Select(k => new KeyedRow { Key = k })));
        var expected = GeneratedRows.Read(transformed, model.OutputColumnName).SelectMany(r => r).ToArray();
        Report("Transform with a seed column", onnx[model.OutputColumnName], expected);
        expected.Take(2).Should().Equal(expected.Skip(8), "rows with the same key get the same sample");
    }

    [Fact]
    public void Label_conditional_generator_takes_the_one_hot_class_as_a_second_input()
    {
        const int Classes = 3;
        var random = new Random(2);
        var rows = Enumerable.Range(0, 300).Select(i =>
        {
            var label = i % Classes;
            return new LabelledPoint { Label = label, Features = [label + (0.2f * (float)random.NextDouble()), -label + (0.2f * (float)random.NextDouble())] };
        });
        var options = TinyGan.Options(epochs: 2);
        options.LabelColumnName = nameof(LabelledPoint.Label);
        using var model = _mlContext.Gan().Trainer(options).Fit(_mlContext.Data.LoadFromEnumerable(rows));
        const int Count = 30;
        var oneHot = new float[Count * Classes];
        for (var row = 0; row < Count; row++)
        {
            oneHot[(row * Classes) + (row % Classes)] = 1f; // Generate gives row i class i mod K
        }

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx),
            (GanOnnx.LatentInputName, OnnxRun.Latents(Seed, Count, model.LatentDimension), model.LatentDimension),
            (GanOnnx.ConditionInputName, oneHot, Classes));

        var expected = GeneratedRows.Read(model.Generate(Count, Seed), model.FeatureColumnName).SelectMany(r => r).ToArray();
        Report("conditional MLP, 3 classes", onnx[model.OutputColumnName], expected);
    }

    [Fact]
    public void Vector_conditional_generator_takes_each_rows_condition_vector_as_it_is()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var angle = (float)(random.NextDouble() * 2 * Math.PI);
            return new DirectedPoint { Direction = [MathF.Cos(angle), MathF.Sin(angle)], Features = [2 * MathF.Cos(angle), 2 * MathF.Sin(angle)] };
        });
        var options = TinyGan.Options(epochs: 2);
        options.ConditionColumnName = nameof(DirectedPoint.Direction);
        using var model = _mlContext.Gan().Trainer(options).Fit(_mlContext.Data.LoadFromEnumerable(rows));
        float[][] directions = [[1, 0], [0, -1], [-0.6f, 0.8f], [0.3f, 0.2f]];

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx),
            (GanOnnx.LatentInputName, OnnxRun.Latents(model.GenerationSeed, directions.Length, model.LatentDimension), model.LatentDimension),
            (GanOnnx.ConditionInputName, directions.SelectMany(d => d).ToArray(), 2));

        var requests = _mlContext.Data.LoadFromEnumerable(directions.Select(d => new DirectedPoint { Direction = d, Features = [0, 0] }));
        var expected = GeneratedRows.Read(model.Transform(requests), model.OutputColumnName).SelectMany(r => r).ToArray();
        Report("vector-conditional MLP, Transform", onnx[model.OutputColumnName], expected);
    }

    [Fact]
    public void Conditional_DCGAN_on_key_labels_reads_the_one_hot_of_key_minus_one()
    {
        var digits = _mlContext.Data.TakeRows(_mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 3), 64);
        using var model = _mlContext.Gan().Trainer(OnnxRun.TinyDcgan(epochs: 1, labelColumnName: BundledMnist.LabelColumnName)).Fit(digits);
        const int Classes = 10;
        var rows = _mlContext.Data.TakeRows(_mlContext.Data.ShuffleRows(BundledMnist.Load(), seed: 8), 6);
        var keys = RawKeys(rows, BundledMnist.LabelColumnName); // 1 … 10
        var latents = OnnxRun.Latents(model.GenerationSeed, keys.Length, 16);
        var exported = OnnxRun.Export(model.ExportToOnnx);
        float[] Run(int shift)
        {
            var oneHot = new float[keys.Length * Classes];
            for (var row = 0; row < keys.Length; row++)
            {
                oneHot[(row * Classes) + (((int)keys[row] - 1 + shift) % Classes)] = 1f;
            }

            return OnnxRun.Run(exported, (GanOnnx.LatentInputName, latents, 16), (GanOnnx.ConditionInputName, oneHot, Classes))[model.OutputColumnName];
        }

        var onnx = Run(shift: 0);

        // Transform generates for each row's label, keyed by position.
        var transformed = GeneratedRows.Read(model.Transform(rows), model.OutputColumnName).SelectMany(r => r).ToArray();
        Report("conditional DCGAN, key labels, Transform", onnx, transformed);
        var wrongClass = OnnxRun.MaxAbsoluteDifference(Run(shift: 1), transformed);
        output.WriteLine($"with the next class's one-hot instead: {wrongClass:E2}");
        wrongClass.Should().BeGreaterThan(100 * OnnxRun.MaxAbsoluteDifference(onnx, transformed), "the one-hot of key − 1 is the class Transform generated");
    }

    [Fact]
    public void Exported_model_runs_in_an_MLNET_pipeline_with_ApplyOnnxModel_and_no_GAN_transformer()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "generator.onnx");
        const int Rows = 50;
        float[][] expected;
        int latentDimension;
        using (var model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 2)).Fit(Parabola(300)))
        {
            model.ExportToOnnx(path);
            expected = GeneratedRows.Read(model.Generate(Rows, Seed), model.FeatureColumnName).ToArray();
            latentDimension = model.LatentDimension;
        }

        // A serving pipeline: latent rows (drawn without TorchSharp) → the ONNX model → a copy under the feature column's name.
        var latents = OnnxRun.Latents(Seed, Rows, latentDimension);
        var schema = SchemaDefinition.Create(typeof(LatentRow));
        schema[nameof(LatentRow.Latent)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentDimension);
        var input = _mlContext.Data.LoadFromEnumerable(
            Enumerable.Range(0, Rows).Select(r => new LatentRow { Latent = latents.AsSpan(r * latentDimension, latentDimension).ToArray() }), schema);
        var pipeline = _mlContext.Transforms.ApplyOnnxModel("Generated", GanOnnx.LatentInputName, path)
            .Append(_mlContext.Transforms.CopyColumns("Features", "Generated"));
        using var scoring = pipeline.Fit(input);
        var scored = scoring.Transform(input);

        scoring.Select(t => t.GetType().Assembly).Should().NotContain(typeof(GanTransformer).Assembly);
        var type = (VectorDataViewType)scored.Schema["Features"].Type;
        type.Size.Should().Be(2);
        var rows = GeneratedRows.Read(scored, "Features");
        Report("ApplyOnnxModel pipeline", rows.SelectMany(r => r).ToArray(), expected.SelectMany(r => r).ToArray());
    }

    [Fact]
    public void CycleGan_translators_reproduce_both_translation_columns()
    {
        var digits = new CycleGanDigits(_mlContext, perDomain: 32, heldOut: 12);
        var options = CycleGanDigits.TinyOptions(epochs: 1);
        options.TranslatedToAColumnName = "TranslatedToA";
        using var model = _mlContext.Gan().CycleGan(options)
            .Fit(CycleGanDigits.View(_mlContext, digits.A), CycleGanDigits.View(_mlContext, digits.B));
        var heldOut = CycleGanDigits.View(_mlContext, digits.HeldOutA);

        var onnx = OnnxRun.Run(OnnxRun.Export(model.ExportToOnnx), (model.FeatureColumnName, digits.HeldOutA.SelectMany(r => r).ToArray(), 784));

        var translated = model.Transform(heldOut);
        onnx.Keys.Should().BeEquivalentTo("TranslatedToB", "TranslatedToA");
        foreach (var column in onnx.Keys)
        {
            Report($"CycleGAN {column}", onnx[column], GeneratedRows.Read(translated, column).SelectMany(r => r).ToArray());
        }
    }

    [Fact]
    public void A_layer_the_writer_does_not_know_is_refused_and_a_disposed_model_cannot_export()
    {
        using var sigmoid = nn.Sigmoid();
        FluentActions.Invoking(() => new OnnxNetworkWriter(new OnnxGraph()).Append(sigmoid, "x", "generator.squash"))
            .Should().Throw<NotSupportedException>().WithMessage("GanML cannot write the layer 'generator.squash' (Sigmoid) to ONNX*");

        var model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)).Fit(Parabola(64));
        model.Dispose();
        FluentActions.Invoking(() => model.ExportToOnnx(Stream.Null)).Should().Throw<ObjectDisposedException>();
    }

    private void Report(string what, float[] actual, float[] expected)
    {
        var difference = OnnxRun.MaxAbsoluteDifference(actual, expected);
        output.WriteLine($"{what}: {expected.Length} values, max |ONNX − GanML| = {difference:E2}");
        difference.Should().BeLessThanOrEqualTo(Tolerance, $"{what} in ONNX Runtime should equal GanML's output");
    }

    private static uint[] RawKeys(IDataView view, string columnName)
    {
        var column = view.Schema[columnName];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<uint>(column);
        var keys = new List<uint>();
        uint key = 0;
        while (cursor.MoveNext())
        {
            getter(ref key);
            keys.Add(key);
        }

        return [.. keys];
    }

    private IDataView Parabola(int count)
    {
        var random = new Random(1);
        return _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(_ =>
        {
            var x = (float)((random.NextDouble() * 4) - 2);
            return new Vector2Row { Features = [x, (x * x) + (0.1f * (float)random.NextDouble())] };
        }));
    }

    private sealed class LabelledPoint
    {
        public int Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class DirectedPoint
    {
        [VectorType(2)]
        public float[] Direction { get; set; } = [];

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class KeyedRow
    {
        public long Key { get; set; }
    }

    private sealed class LatentRow
    {
        public float[] Latent { get; set; } = [];
    }
}
