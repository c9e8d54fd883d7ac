using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Persistence;

/// <summary><c>mlContext.Model.Save</c>/<c>Load</c> of GANs, alone and in pipelines, in this process and another.</summary>
public sealed class ModelZipTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly IDataView _data;
    private readonly GanTransformer _model;
    private readonly string _directory = Directory.CreateTempSubdirectory("ganml-zip-").FullName;

    public ModelZipTests()
    {
        _data = RingMixture.Create(_mlContext, rows: 256, seed: 3);
        var options = TinyGan.Options(epochs: 2);
        options.RealismScoreColumnName = "RealismScore";
        _model = _mlContext.Gan().Trainer(options).Fit(_data);
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Loaded_model_is_a_GanTransformer_that_generates_identical_rows_every_way()
    {
        var path = Save(_model);

        var loader = new MLContext();
        loader.Gan();
        using var loaded = (GanTransformer)loader.Model.Load(path, out var schema);

        schema.Select(c => c.Name).Should().Equal(_data.Schema.Select(c => c.Name));
        Rows(loaded.Generate(300, seed: 5), "Features").Should().BeEquivalentTo(Rows(_model.Generate(300, seed: 5), "Features"), o => o.WithStrictOrdering());
        Rows(loaded.Transform(_data), "Generated").Should().BeEquivalentTo(Rows(_model.Transform(_data), "Generated"), o => o.WithStrictOrdering());
        loaded.Transform(_data).GetColumn<float>("RealismScore").Should().Equal(_model.Transform(_data).GetColumn<float>("RealismScore"));
        var before = _mlContext.Model.CreatePredictionEngine<RingPoint, GeneratedOutput>(_model);
        var after = loader.Model.CreatePredictionEngine<RingPoint, GeneratedOutput>(loaded);
        for (var i = 0; i < 3; i++)
        {
            var point = new RingPoint { Features = [i, -i] };
            after.Predict(point).Generated.Should().Equal(before.Predict(point).Generated);
        }

        loaded.TrainingHistory.Should().Equal(_model.TrainingHistory);
    }

    [Fact]
    public void Pipeline_with_a_normalizer_round_trips()
    {
        var pipeline = _mlContext.Transforms.NormalizeMinMax("Features").Append(_mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)));
        var model = pipeline.Fit(_data);
        var path = Path.Combine(_directory, "pipeline.zip");
        _mlContext.Model.Save(model, _data.Schema, path);

        var loader = new MLContext();
        loader.Gan();
        var loaded = (TransformerChain<ITransformer>)loader.Model.Load(path, out _);

        loaded.Last().Should().BeOfType<GanTransformer>();
        Rows(loaded.Transform(_data), "Generated").Should().BeEquivalentTo(Rows(model.Transform(_data), "Generated"), o => o.WithStrictOrdering());
        ((GanTransformer)loaded.Last()).Dispose();
        model.LastTransformer.Dispose();
    }

    [Theory]
    [InlineData("Generate")]
    [InlineData("Transform")]
    [InlineData("PredictionEngine")]
    public void Another_process_generates_the_same_bytes(string via)
    {
        // Without a realism column, so that Transform and PredictionEngine need no input columns.
        using var model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 2)).Fit(_data);
        var engine = _mlContext.Model.CreatePredictionEngine<RingPoint, GeneratedOutput>(model);
        var path = Save(model);
        var csv = Path.Combine(_directory, $"generated-{via}.csv");

        // The generate command loads with mlContext.Model.LoadGan and never calls mlContext.Gan(): a fresh process
        // with nothing registered beforehand.
        var (exitCode, output) = SamplesApp.Run("generate", "--model", path, "--count", "200", "--seed", "9", "--via", via, "--out", csv);

        exitCode.Should().Be(0, output);
        var theirs = File.ReadAllLines(csv).Skip(1)
            .Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var ours = via switch
        {
            "Generate" => Rows(model.Generate(200, seed: 9), "Features"),
            "Transform" => Rows(model.Transform(_mlContext.Data.TakeRows(_data, 200)), "Generated"),
            _ => Enumerable.Range(0, 200).Select(_ => engine.Predict(new RingPoint { Features = [0, 0] }).Generated).ToArray(),
        };
        theirs.Should().HaveCount(200).And.BeEquivalentTo(ours, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Loading_without_the_registration_call_fails_with_ML_NET_s_message()
    {
        var path = Save(_model);

        var load = () => new MLContext().Model.Load(path, out _);

        load.Should().Throw<FormatException>().WithMessage("Couldn't load model*");
    }

    [Fact]
    public void LoadGan_loads_a_model_and_a_pipeline_on_a_context_that_never_called_Gan()
    {
        var alone = Save(_model);
        var normalizer = _mlContext.Transforms.NormalizeMinMax("Features").Fit(_data);
        var chainPath = Path.Combine(_directory, "chain.zip");
        _mlContext.Model.Save(normalizer.Append(_model), _data.Schema, chainPath);

        using var loaded = (GanTransformer)new MLContext().Model.LoadGan(alone, out var schema);
        var chain = (TransformerChain<ITransformer>)new MLContext().Model.LoadGan(chainPath, out _);

        schema.Select(c => c.Name).Should().Equal(_data.Schema.Select(c => c.Name));
        Rows(loaded.Generate(50, seed: 5), "Features").Should().BeEquivalentTo(Rows(_model.Generate(50, seed: 5), "Features"), o => o.WithStrictOrdering());
        chain.LastTransformer.Should().BeOfType<GanTransformer>();
        ((GanTransformer)chain.LastTransformer).Dispose();
    }

    [Fact]
    public void LoadGan_honours_the_context_s_device_settings()
    {
        var path = Save(_model);
        var gpuWithoutFallback = new MLContext { GpuDeviceId = 0, FallbackToCpu = false };
        var gpuWithFallback = new MLContext { GpuDeviceId = 0, FallbackToCpu = true };

        var strict = () => gpuWithoutFallback.Model.LoadGan(path, out _);
        using var fallen = (GanTransformer)gpuWithFallback.Model.LoadGan(path, out _);

        // The tests run on libtorch's CPU build: CUDA is never available here.
        strict.Should().Throw<InvalidOperationException>().WithMessage("GPU device 0 was requested*");
        fallen.Generate(3, seed: 1).GetColumn<float[]>("Features").Should().HaveCount(3);
    }

    [Fact]
    public void LoadGan_names_a_component_that_no_registered_loader_reads()
    {
        var current = GanModelPersistence.Format;
        var unknown = new MLNetModelBridge.ModelFormat(current.ModelSignature, current.Version, current.VersionReadable, current.VersionWeCanReadBack, "NotAGanMLLoader", current.LoaderAssemblyName);
        var path = Save(new GanSavedAs(_model, unknown));

        var load = () => new MLContext().Model.LoadGan(path, out _);

        load.Should().Throw<FormatException>()
            .WithMessage("Cannot load the model in *: Couldn't load model: 'TransformerChain'*another library*")
            .WithInnerException<FormatException>();
    }

    [Fact]
    public void Each_weight_is_stored_once_with_its_two_Adam_moments()
    {
        var small = PayloadBytes(hidden: 16, out var smallParameters, out var smallGenerator);
        var large = PayloadBytes(hidden: 64, out var largeParameters, out var largeGenerator);

        // 4 bytes for the weight and 8 for Adam's two moments, and 4 for each generator weight's average (MLP GANs
        // generate from it by default); nothing per row or per other copy.
        var expected = (12.0 * (largeParameters - smallParameters)) + (4.0 * (largeGenerator - smallGenerator));
        ((large - small) / expected).Should().BeApproximately(1, 0.01);
    }

    [Fact]
    public void A_zip_from_a_newer_version_asks_for_an_update()
    {
        var path = Path.Combine(_directory, "future.zip");
        var current = GanModelPersistence.Format;
        var future = new MLNetModelBridge.ModelFormat(current.ModelSignature, 0x00020001, 0x00020001, 0x00010001, current.LoaderSignature, current.LoaderAssemblyName);
        _mlContext.Model.Save(new GanSavedAs(_model, future), _data.Schema, path);

        var load = () => LoadWithGan(path);

        load.Should().Throw<FormatException>()
            .WithMessage("*written in format version 0x00020001 by a newer Microsoft.ML.Gan*Load it with a newer version of Microsoft.ML.Gan*");
    }

    [Fact]
    public void Truncated_zip_fails_clearly()
    {
        var path = Save(_model);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var load = () => LoadWithGan(path);

        load.Should().Throw<FormatException>().WithMessage("Failed to open a zip archive*");
    }

    [Fact]
    public void Corrupted_payload_fails_clearly()
    {
        var path = Save(_model);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.Name == GanModelPersistence.PayloadStreamName);
            byte[] payload;
            using (var stream = entry.Open())
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                payload = copy.ToArray();
            }

            payload[payload.Length / 2] ^= 0x10;
            var name = entry.FullName;
            entry.Delete();
            using var replaced = zip.CreateEntry(name).Open();
            replaced.Write(payload);
        }

        var load = () => LoadWithGan(path);

        load.Should().Throw<FormatException>().WithMessage("*GanModel.bin*SHA-256*corrupt*");
    }

    [Fact]
    public void A_file_that_is_not_a_model_zip_fails_clearly()
    {
        var path = Path.Combine(_directory, "notes.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open());
            writer.Write("not a model");
        }

        var load = () => LoadWithGan(path);

        // ML.NET's own check: "Could not load legacy format model" (no DataLoaderModel/Model.key or TransformerChain).
        load.Should().Throw<InvalidOperationException>().WithMessage("Could not load legacy format model*");
    }

    [Fact]
    public void Checkpoints_are_written_every_interval_and_resume_exactly()
    {
        var checkpoint = Path.Combine(_directory, "checkpoint.zip");
        var options = TinyGan.Options(epochs: 5);
        options.Seed = 2;
        options.CheckpointPath = checkpoint;
        options.CheckpointInterval = 2;
        using var uninterrupted = _mlContext.Gan().Trainer(options).Fit(_data);

        var loader = new MLContext();
        loader.Gan();
        using var saved = (GanTransformer)loader.Model.Load(checkpoint, out _);
        saved.TrainingHistory.Should().HaveCount(4);
        var resumeOptions = TinyGan.Options(epochs: 5);
        resumeOptions.Seed = 2;
        using var resumed = loader.Gan().Trainer(resumeOptions).Fit(_data, saved);

        resumed.TrainingHistory.Select(e => e.DiscriminatorLoss).Should().Equal(uninterrupted.TrainingHistory.Select(e => e.DiscriminatorLoss));
        Rows(resumed.Generate(100, seed: 1), "Features").Should().BeEquivalentTo(Rows(uninterrupted.Generate(100, seed: 1), "Features"), o => o.WithStrictOrdering());
        File.Exists(checkpoint + ".partial").Should().BeFalse();
    }

    [Fact]
    public void Cancellation_writes_a_checkpoint_that_resumes_exactly()
    {
        var checkpoint = Path.Combine(_directory, "canceled.zip");
        var options = TinyGan.Options(epochs: 4);
        options.Seed = 3;
        using var uninterrupted = _mlContext.Gan().Trainer(options).Fit(_data);
        using var cancellation = new System.Threading.CancellationTokenSource();
        var interrupted = TinyGan.Options(epochs: 4);
        interrupted.Seed = 3;
        interrupted.CheckpointPath = checkpoint;
        interrupted.CheckpointInterval = 0;
        interrupted.CancellationToken = cancellation.Token;
        interrupted.Progress = new ProgressCallback(s => { if (s.Epoch == 1) { cancellation.Cancel(); } });
        var canceled = FluentActions.Invoking(() => _mlContext.Gan().Trainer(interrupted).Fit(_data)).Should().Throw<GanTrainingCanceledException>().Which;
        canceled.Model.Dispose();

        var loader = new MLContext();
        loader.Gan();
        using var saved = (GanTransformer)loader.Model.Load(checkpoint, out _);
        using var resumed = loader.Gan().Trainer(options).Fit(_data, saved);

        Rows(resumed.Generate(100, seed: 1), "Features").Should().BeEquivalentTo(Rows(uninterrupted.Generate(100, seed: 1), "Features"), o => o.WithStrictOrdering());
    }

    private string Save(ITransformer model)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.zip");
        _mlContext.Model.Save(model, _data.Schema, path);
        return path;
    }

    private long PayloadBytes(int hidden, out long parameters, out long generatorParameters)
    {
        var options = TinyGan.Options(epochs: 1);
        options.GeneratorHiddenLayers = [hidden];
        options.DiscriminatorHiddenLayers = [hidden];
        using var model = _mlContext.Gan().Trainer(options).Fit(_data);
        model.Model.GeneratorAverage.Should().NotBeNull();
        generatorParameters = model.Model.Generator.parameters().Sum(p => p.numel());
        parameters = generatorParameters + model.Model.Discriminator.parameters().Sum(p => p.numel());
        using var zip = ZipFile.OpenRead(Save(model));
        return zip.Entries.Single(e => e.Name == GanModelPersistence.PayloadStreamName).Length;
    }

    private static ITransformer LoadWithGan(string path)
    {
        var loader = new MLContext();
        loader.Gan();
        return loader.Model.Load(path, out _);
    }

    private static float[][] Rows(IDataView view, string column) => GeneratedRows.Read(view, column).ToArray();

    public sealed class GeneratedOutput
    {
        [VectorType(2)]
        public float[] Generated { get; set; } = [];
    }

    /// <summary>Saves a GAN under another format header: a future version's, or an unknown loader's.</summary>
    private sealed class GanSavedAs(GanTransformer model, MLNetModelBridge.ModelFormat format) : ITransformer, ICanSaveModel
    {
        public bool IsRowToRowMapper => model.IsRowToRowMapper;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => model.GetOutputSchema(inputSchema);

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => model.GetRowToRowMapper(inputSchema);

        public IDataView Transform(IDataView input) => model.Transform(input);

        public void Save(ModelSaveContext ctx) =>
            MLNetModelBridge.Save(ctx, format, new System.Collections.Generic.Dictionary<string, Action<Stream>>
            {
                [GanModelPersistence.PayloadStreamName] = stream => GanModelFormat.Write(stream, model.Model),
            });
    }
}
