using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// A small classifier trained with TorchSharp on labelled real data, used as the feature extractor of a
/// <see cref="GanEvaluator"/> when no standard network (Inception) fits the domain: its penultimate layer gives the
/// features for FID, KID and precision/recall, its softmax the class probabilities for the Inception Score and the mode
/// statistics. Train it with <c>mlContext.Gan().TrainDomainClassifier(data, options)</c>; save it with
/// <c>mlContext.Model.Save</c> like any other transformer (or to a file of its own with <see cref="Save(string)"/>), so
/// that every evaluation uses the same network.
/// </summary>
/// <remarks>
/// <para>Numbers from this extractor are comparable only with numbers from the same saved classifier, never with
/// published Inception-based FIDs.</para>
/// <para>It is also an ML.NET transformer: <see cref="Transform"/> adds the penultimate-layer features
/// (<see cref="OutputFeatureColumnName"/>) and the class probabilities (<see cref="ScoreColumnName"/>) to each row, for
/// pipelines and <c>PredictionEngine</c>. <c>mlContext.Model.Load</c> returns it as a <see cref="GanDomainClassifier"/>
/// (call <c>mlContext.Gan()</c> once before loading), on the CPU. It holds native TorchSharp memory: dispose it when done.</para>
/// </remarks>
public sealed partial class GanDomainClassifier : GanFeatureExtractor, ITransformer, IDisposable
{
    private const int ExtractionBatch = 512;
    private static readonly ChecksummedPayload Payload = new("GanML-classifier\0"u8.ToArray(), 1, "GanML domain classifier", "domain classifier");
    private static readonly TensorArchive Archive = new(Payload);

    private readonly DomainClassifierNetwork _network;
    private readonly Device _device;
    private readonly double[] _trainingLoss;
    private bool _disposed;

    private GanDomainClassifier(DomainClassifierSettings settings, DomainClassifierNetwork network, Device device, double[] trainingLoss, double trainingAccuracy)
    {
        Settings = settings;
        _network = network;
        _device = device;
        _network.eval();
        _trainingLoss = trainingLoss;
        TrainingAccuracy = trainingAccuracy;
    }

    /// <inheritdoc/>
    public override string Name => $"domain classifier ({Settings.Describe()}, {Settings.Classes} classes, {Settings.FeatureDimension} features)";

    /// <summary>The number of classes.</summary>
    public int Classes => Settings.Classes;

    /// <summary>The dimension of the extracted features (the penultimate layer's width).</summary>
    public int FeatureDimension => Settings.FeatureDimension;

    /// <summary>The input column the classifier reads.</summary>
    public string FeatureColumnName => Settings.FeatureColumnName;

    /// <summary>The column <see cref="Transform"/> adds with the penultimate-layer features.</summary>
    public string OutputFeatureColumnName => Settings.OutputFeatureColumn;

    /// <summary>The column <see cref="Transform"/> adds with the class probabilities.</summary>
    public string ScoreColumnName => Settings.ScoreColumn;

    /// <summary>Always <see langword="true"/>: each output row depends only on its input row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The mean cross-entropy of each training epoch.</summary>
    public IReadOnlyList<double> TrainingLoss => _trainingLoss;

    /// <summary>The share of training rows classified correctly after training.</summary>
    public double TrainingAccuracy { get; }

    internal DomainClassifierSettings Settings { get; }

    internal static GanDomainClassifier Train(MLContext context, IDataView data, Options options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 1 || options.BatchSize < 1 || options.HiddenSize < 1 || options.FeatureDimension < 1 ||
            options.ImageChannels < 1 || options.ImageSize < 1 || !(options.LearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options),
                "Epochs, BatchSize, HiddenSize, FeatureDimension, ImageChannels, ImageSize and LearningRate must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.OutputFeatureColumnName) || string.IsNullOrWhiteSpace(options.ScoreColumnName) ||
            options.OutputFeatureColumnName == options.ScoreColumnName)
        {
            throw new ArgumentException(
                $"OutputFeatureColumnName ('{options.OutputFeatureColumnName}') and ScoreColumnName ('{options.ScoreColumnName}') must be two different, non-empty names.",
                nameof(options));
        }

        var host = ((IHostEnvironment)context).Register(nameof(GanDomainClassifier));
        using var channel = host.Start("Training");
        var seed = options.Seed ?? host.Rand.Next();
        var column = SchemaChecks.FeatureColumn(data.Schema, options.FeatureColumnName, nameof(data));
        var features = FeatureMatrix.Read(data, column, default);
        var (labels, classes) = EvaluationInputs.ReadKeyLabels(data, options.LabelColumnName, nameof(data));
        var settings = new DomainClassifierSettings(features.Dimension, classes, ImageSize(options, column), options.ImageChannels,
            options.HiddenSize, options.FeatureDimension, options.FeatureColumnName, options.OutputFeatureColumnName, options.ScoreColumnName);
        if (settings.ImageSize is int size && settings.ImageChannels * size * size != features.Dimension)
        {
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ImageSize {size} with {settings.ImageChannels} channel(s) needs {settings.ImageChannels * size * size} slots; column '{column.Name}' has {features.Dimension}.");
        }

        var device = TorchDevices.Select(context, channel);
        var random = new Generator((ulong)seed);
        var network = settings.CreateNetwork();
        try
        {
            MlpLayers.InitializeLinearLayers(network, random);
            network.to(device);
            channel.Info(MessageSensitivity.None, $"Training a {settings.Describe()} classifier on {features.Rows} rows for {options.Epochs} epochs (seed {seed}).");
            var (loss, accuracy) = Fit(network, features, labels, options, random, device);
            random.Dispose();
            return new GanDomainClassifier(settings, network, device, loss, accuracy);
        }
        catch
        {
            network.Dispose();
            random.Dispose();
            throw;
        }
    }

    private static (double[] Loss, double Accuracy) Fit(
        DomainClassifierNetwork network, FeatureMatrix features, long[] labels, Options options, Generator random, Device device)
    {
        using var scope = NewDisposeScope();
        var inputs = FeatureStatistics.FloatMatrix(features.Span, features.Rows, features.Dimension).to(device);
        var targets = tensor(labels).to(device);
        using var optimizer = new AdamOptimizer(network.parameters(), options.LearningRate, 0.9, 0.999);
        var history = new double[options.Epochs];
        network.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var order = randperm(features.Rows, generator: random).to(device);
            double total = 0;
            for (var start = 0; start < features.Rows; start += options.BatchSize)
            {
                using var stepScope = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(options.BatchSize, features.Rows - start));
                var (_, logits) = network.forward(inputs.index_select(0, batch));
                var loss = nn.functional.cross_entropy(logits, targets.index_select(0, batch));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                total += loss.item<float>() * batch.size(0);
            }

            history[epoch] = total / features.Rows;
        }

        network.eval();
        long correct = 0;
        using (no_grad())
        {
            for (var start = 0; start < features.Rows; start += ExtractionBatch)
            {
                using var batchScope = NewDisposeScope();
                var length = Math.Min(ExtractionBatch, features.Rows - start);
                var (_, logits) = network.forward(inputs.narrow(0, start, length));
                correct += logits.argmax(1).eq(targets.narrow(0, start, length)).sum().item<long>();
            }
        }

        return (history, correct / (double)features.Rows);
    }

    private static int? ImageSize(Options options, DataViewSchema.Column column) =>
        options.ImageSize ?? (column.Type is VectorDataViewType { Dimensions: [_, var height, var width] } && height == width ? height : null);

    internal override ExtractedFeatures Extract(IDataView data, string dataName, string paramName)
    {
        var input = EvaluationInputs.ReadFeatures(data, Settings.FeatureColumnName, paramName, dataName);
        if (input.Dimension != Settings.InputDimension)
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"The domain classifier was trained on {Settings.InputDimension} slots; column '{Settings.FeatureColumnName}' of the {dataName} has {input.Dimension}.");
        }

        var features = new float[input.Rows * Settings.FeatureDimension];
        var probabilities = new float[input.Rows * Settings.Classes];
        using var noGrad = no_grad();
        for (var start = 0; start < input.Rows; start += ExtractionBatch)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(ExtractionBatch, input.Rows - start);
            var batch = FeatureStatistics.FloatMatrix(input.Span[(start * input.Dimension)..], length, input.Dimension).to(_device);
            var (penultimate, logits) = _network.forward(batch);
            penultimate.cpu().data<float>().CopyTo(features, start * Settings.FeatureDimension);
            nn.functional.softmax(logits, 1).cpu().data<float>().CopyTo(probabilities, start * Settings.Classes);
        }

        return new ExtractedFeatures(
            FeatureMatrix.FromValues(features, input.Rows, Settings.FeatureDimension),
            FeatureMatrix.FromValues(probabilities, input.Rows, Settings.Classes));
    }

    /// <summary>The input schema plus the features and score columns; checks the feature column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of <see cref="Transform"/>'s result.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or is not a vector of the classifier's
    /// input size.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c> and pipelines.</summary>
    /// <param name="inputSchema">The schema of the input rows.</param>
    /// <returns>A mapper that adds the features and score columns.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>
    /// Adds the penultimate-layer features and the class probabilities to <paramref name="input"/>; lazy: each row is
    /// classified when a cursor reads one of the two columns. For metrics over whole sets, pass the classifier to
    /// <c>mlContext.Gan().Evaluate</c>, which classifies in batches.
    /// </summary>
    /// <param name="input">Data with the feature column.</param>
    /// <returns>The input columns plus <see cref="OutputFeatureColumnName"/> and <see cref="ScoreColumnName"/>.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema), splittable: true);
    }

    /// <summary>Called by <c>mlContext.Model.Save</c>: writes the classifier in the format of <see cref="Save(Stream)"/>.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        DomainClassifierPersistence.Save(ctx, this);
    }

    /// <summary>Saves the classifier (settings, training history and weights) to a checksummed binary file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path) => Payload.WriteFile(path, WriteBody);

    /// <summary>Writes the classifier to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void Save(Stream stream) => Payload.Write(stream, WriteBody);

    /// <summary>Loads a classifier saved by <see cref="Save(string)"/>, on the CPU.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The classifier, giving the same features and probabilities as when saved.</returns>
    /// <exception cref="InvalidDataException">The file is not a domain classifier, is truncated or corrupted, or comes from a newer version.</exception>
    public static GanDomainClassifier Load(string path) => Payload.ReadFile(path, ReadBody);

    /// <summary>Reads a classifier written by <see cref="Save(Stream)"/>, on the CPU.</summary>
    /// <param name="stream">A readable stream positioned at the start of the classifier.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="InvalidDataException">The data are not a domain classifier, are truncated or corrupted, or come from a newer version.</exception>
    public static GanDomainClassifier Load(Stream stream) => Payload.Read(stream, ReadBody);

    private void WriteBody(BinaryWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(new Metadata(Settings, _trainingLoss, TrainingAccuracy)));
        Archive.Write(writer, _network.state_dict().Select(p => ($"network/{p.Key}", p.Value)).ToArray());
    }

    private static GanDomainClassifier ReadBody(BinaryReader reader)
    {
        var metadata = JsonSerializer.Deserialize<Metadata>(reader.ReadString()) ?? throw Payload.Invalid("its metadata is empty");
        var network = Archive.ReadAll(reader, tensors => Archive.LoadInto(metadata.Settings.CreateNetwork(), "network", tensors));
        return new GanDomainClassifier(metadata.Settings, network, CPU, metadata.TrainingLoss, metadata.TrainingAccuracy);
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose()
    {
        _disposed = true;
        _network.Dispose();
    }

    private DomainClassifierRowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new DomainClassifierRowMapper(inputSchema, Settings, _network, _device);
    }

    private sealed record Metadata(DomainClassifierSettings Settings, double[] TrainingLoss, double TrainingAccuracy);
}
