using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// A trained GAN generator, as an ML.NET transformer.
/// </summary>
/// <remarks>
/// <para><see cref="Transform"/> adds a float vector column (<see cref="OutputColumnName"/>, default <c>Generated</c>) with one
/// synthetic row per input row, in the units of the training data. Each row's latent vector is drawn from a stream keyed
/// by the model's <see cref="GenerationSeed"/> and the row's key: the value of <see cref="SeedColumnName"/> when it is
/// set, otherwise the row's position (so the n-th row, or the n-th <c>PredictionEngine.Predict</c> call, always gets the
/// same sample).</para>
/// <para><see cref="Generate(long, long)"/> returns a given number of synthetic rows whose column has the training feature column's
/// name and size, ready to use wherever real data goes.</para>
/// <para>The transformer holds native TorchSharp memory: dispose it when done.</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and role</description></listheader>
/// <item><term>Seed column (optional input)</term><description>Int32, Int64, UInt32 or UInt64: the latent key of the row.</description></item>
/// <item><term><see cref="OutputColumnName"/> (output)</term><description>Known-size vector of Single with <see cref="FeatureDimension"/> slots.</description></item>
/// </list>
/// </remarks>
public sealed class GanTransformer : ITransformer, IDisposable
{
    // Odd 64-bit constant (2^64 / φ) that spreads the classes' rejection streams apart.
    private const long ClassStreamMultiplier = unchecked((long)0x9E3779B97F4A7C15);

    private readonly SampleGenerator _generator;
    private readonly RealismScorer _scorer;
    private bool _disposed;

    internal GanTransformer(GanModel model)
    {
        Model = model;
        _generator = new SampleGenerator(model.GeneratorAverage ?? model.Generator, model.Scaling, model.Settings.LatentDimension, model.Device,
            model.Settings.ConditionDimension);
        _scorer = new RealismScorer(model);
    }

    /// <summary>The networks, settings and state behind this transformer.</summary>
    internal GanModel Model { get; }

    /// <summary>The name of the column the model was trained to imitate; <see cref="Generate(long, long)"/> uses it.</summary>
    public string FeatureColumnName => Model.Settings.FeatureColumnName;

    /// <summary>The column that <see cref="Transform"/> adds.</summary>
    public string OutputColumnName => Model.Settings.OutputColumnName;

    /// <summary>The optional output column that scores input rows with the discriminator (see <see cref="GanTrainer.Options.RealismScoreColumnName"/>).</summary>
    public string? RealismScoreColumnName => Model.Settings.RealismScoreColumnName;

    /// <summary>The optional input column whose value keys each row's latent vector.</summary>
    public string? SeedColumnName => Model.Settings.SeedColumnName;

    /// <summary>The seed of the latent streams that <see cref="Transform"/> uses.</summary>
    public long GenerationSeed => Model.GenerationSeed;

    /// <summary>The number of slots of every generated row.</summary>
    public int FeatureDimension => _generator.OutputDimension;

    /// <summary>The dimension of the generator's latent vector.</summary>
    public int LatentDimension => _generator.LatentDimension;

    /// <summary>The label column a label-conditional model reads and generates for; otherwise <see langword="null"/>.</summary>
    public string? LabelColumnName => Model.Settings.IsLabelConditional ? Model.Settings.ConditionColumnName : null;

    /// <summary>The condition vector column a vector-conditional model reads; otherwise <see langword="null"/>.</summary>
    public string? ConditionColumnName => Model.Settings.Condition == ConditionKind.Vector ? Model.Settings.ConditionColumnName : null;

    /// <summary>The number of classes K of a label-conditional model; otherwise <see langword="null"/>.</summary>
    public int? ClassCount => Model.Settings.IsLabelConditional ? Model.Settings.ConditionDimension : null;

    /// <summary>The objective the model was trained with.</summary>
    public GanLoss Loss => Model.Settings.Loss;

    /// <summary>
    /// For a model trained with <see cref="GanNetwork.Dcgan"/>, the image each generated row holds, ready for
    /// <c>GanImages</c> and <c>ConvertToImage</c> (package Microsoft.ML.Gan.ImageAnalytics); <see langword="null"/> for <see cref="GanNetwork.Mlp"/> models.
    /// </summary>
    /// <remarks>
    /// The side and channels are those trained on, planar (channels × height × width, as <c>ExtractPixels</c> writes by
    /// default). The pixel scale follows the training data's value range: within [0, 1] means 0–255 pixels scaled by
    /// 1/255; within [−1, 1] with negative values means an offset of 127.5 and a scale of 1/127.5; anything else means
    /// <c>ExtractPixels</c>' default of pixel values as they are. Build an <see cref="Gan.ImageShape"/> yourself when the
    /// pipeline used other settings (for example interleaved pixels or another colour order).
    /// </remarks>
    public ImageShape? ImageShape => Model.Settings.Network == GanNetwork.Dcgan
        ? ImageShapeFromRange(Model.Settings.ImageSize, Model.Settings.ImageChannels, Model.Scaling)
        : null;

    /// <summary>One summary per completed training epoch.</summary>
    public IReadOnlyList<GanEpochSummary> TrainingHistory => Model.History;

    /// <summary>Always <see langword="true"/>: each output row depends only on its input row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the generated column; validates the seed column when one is configured.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of <see cref="Transform"/>'s result.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c> and pipelines.</summary>
    /// <param name="inputSchema">The schema of the input rows.</param>
    /// <returns>A mapper that adds the generated column.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>
    /// Adds the generated column to <paramref name="input"/>. The result is lazy: rows are generated, in batches, as a
    /// cursor reads them.
    /// </summary>
    /// <param name="input">Any data view; only the optional seed column is read.</param>
    /// <returns>The input columns plus <see cref="OutputColumnName"/>.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Not splittable: generated rows are keyed by cursor position.
        return new MappedDataView(input, CreateMapper(input.Schema), splittable: false);
    }

    /// <summary>
    /// Returns <paramref name="count"/> synthetic rows in one vector column named <see cref="FeatureColumnName"/> with
    /// <see cref="FeatureDimension"/> slots. The same seed gives the same rows. A label-conditional model also writes the
    /// label column (<see cref="LabelColumnName"/>, in the training column's type), cycling through the classes so that
    /// row i has class i mod <see cref="ClassCount"/>.
    /// </summary>
    /// <param name="count">How many rows to generate (at least 1).</param>
    /// <param name="seed">Seed of the latent streams.</param>
    /// <returns>A lazy data view; rows are generated in batches as a cursor reads them.</returns>
    /// <exception cref="InvalidOperationException">The model is conditioned on a vector: use <see cref="Transform"/> on rows holding the conditions.</exception>
    public IDataView Generate(long count, long seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (Model.Settings.Condition == ConditionKind.Vector)
        {
            throw new InvalidOperationException(
                $"This model generates for a condition vector ('{Model.Settings.ConditionColumnName}'): call Transform on rows that hold the conditions.");
        }

        var classes = Model.Settings.ConditionDimension;
        return new SyntheticRowsDataView(_generator, FeatureColumnName, count, seed,
            Model.Settings.IsLabelConditional ? new SyntheticLabels(Model.Settings, position => (int)(position % classes)) : null);
    }

    /// <summary>
    /// As <see cref="Generate(long, long)"/>, with the truncation trick and discriminator rejection sampling (see
    /// <see cref="GanGenerationOptions"/>), which trade diversity for quality. The same seed and options give the same
    /// rows; with both options off the rows are those of <see cref="Generate(long, long)"/>. With rejection the rows are
    /// generated and scored when this is called (the kept rows are held in memory), otherwise lazily. A label-conditional
    /// model cycles through the classes as <see cref="Generate(long, long)"/> does, and rejects each class's candidates
    /// by D's scores for that class.
    /// </summary>
    /// <param name="count">How many rows to generate (at least 1).</param>
    /// <param name="seed">Seed of the latent streams and of the rejection draws.</param>
    /// <param name="options">Truncation and rejection.</param>
    /// <returns>A data view of <paramref name="count"/> rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">Truncation or rejection was asked of a model conditioned on a vector.</exception>
    public IDataView Generate(long count, long seed, GanGenerationOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!CheckOptions(options))
        {
            return Generate(count, seed);
        }

        if (!Model.Settings.IsConditional)
        {
            return options.DiscriminatorRejection
                ? new MaterializedRowsDataView(FeatureColumnName, DiscriminatorRejection.Sample(_generator, _scorer, count, seed, options), FeatureDimension)
                : new SyntheticRowsDataView(_generator, FeatureColumnName, count, seed, truncation: options.TruncationThreshold);
        }

        var classes = Model.Settings.ConditionDimension;
        var labels = new SyntheticLabels(Model.Settings, position => (int)(position % classes));
        if (!options.DiscriminatorRejection)
        {
            return new SyntheticRowsDataView(_generator, FeatureColumnName, count, seed, labels, options.TruncationThreshold);
        }

        // Row i has class i mod K: it is the (i / K)-th kept row of its class.
        var perClass = Enumerable.Range(0, classes).Select(k => RejectionSample(k, (count / classes) + (k < count % classes ? 1 : 0), seed, options)).ToArray();
        var dimension = FeatureDimension;
        var rows = new float[checked(count * dimension)];
        for (long i = 0; i < count; i++)
        {
            perClass[i % classes].AsSpan((int)(i / classes * dimension), dimension).CopyTo(rows.AsSpan((int)(i * dimension)));
        }

        return new MaterializedRowsDataView(FeatureColumnName, rows, dimension, labels);
    }

    /// <summary>
    /// For a label-conditional model: <paramref name="countPerClass"/> synthetic rows of every class, class by class
    /// (first all rows of class 0, then class 1, ...), with the label column and the feature column. The same seed gives
    /// the same rows.
    /// </summary>
    /// <param name="countPerClass">Rows per class (at least 1).</param>
    /// <param name="seed">Seed of the latent streams.</param>
    /// <returns>A lazy data view of <c>countPerClass × ClassCount</c> rows.</returns>
    /// <exception cref="InvalidOperationException">The model is not conditioned on a label.</exception>
    public IDataView GeneratePerClass(long countPerClass, long seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(countPerClass);
        RequireLabelConditional();
        return new SyntheticRowsDataView(_generator, FeatureColumnName, checked(countPerClass * Model.Settings.ConditionDimension), seed, PerClassLabels(countPerClass));
    }

    /// <summary>
    /// As <see cref="GeneratePerClass(long, long)"/>, with the truncation trick and discriminator rejection sampling (see
    /// <see cref="GanGenerationOptions"/>). Rejection judges each class's candidates by D's scores for that class, with
    /// that class's threshold, so every class keeps <paramref name="countPerClass"/> rows. The same seed and options give
    /// the same rows; with both options off the rows are those of <see cref="GeneratePerClass(long, long)"/>.
    /// </summary>
    /// <param name="countPerClass">Rows per class (at least 1).</param>
    /// <param name="seed">Seed of the latent streams and of the rejection draws.</param>
    /// <param name="options">Truncation and rejection.</param>
    /// <returns>A data view of <c>countPerClass × ClassCount</c> rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The model is not conditioned on a label.</exception>
    public IDataView GeneratePerClass(long countPerClass, long seed, GanGenerationOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(countPerClass);
        RequireLabelConditional();
        if (!CheckOptions(options))
        {
            return GeneratePerClass(countPerClass, seed);
        }

        var classes = Model.Settings.ConditionDimension;
        if (!options.DiscriminatorRejection)
        {
            return new SyntheticRowsDataView(_generator, FeatureColumnName, checked(countPerClass * classes), seed, PerClassLabels(countPerClass),
                options.TruncationThreshold);
        }

        var dimension = FeatureDimension;
        var rows = new float[checked(countPerClass * classes * dimension)];
        for (var k = 0; k < classes; k++)
        {
            RejectionSample(k, countPerClass, seed, options).CopyTo(rows, k * countPerClass * dimension);
        }

        return new MaterializedRowsDataView(FeatureColumnName, rows, dimension, PerClassLabels(countPerClass));
    }

    /// <summary>Validates the options; returns whether any is on.</summary>
    private bool CheckOptions(GanGenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TruncationThreshold is double threshold)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold, nameof(GanGenerationOptions.TruncationThreshold));
        }

        if (options.DiscriminatorRejection)
        {
            if (options.RejectionPercentile is < 0 or > 1 || double.IsNaN(options.RejectionPercentile))
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.RejectionPercentile, "RejectionPercentile must be within [0, 1].");
            }

            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RejectionBurnIn, nameof(GanGenerationOptions.RejectionBurnIn));
        }

        var on = options.DiscriminatorRejection || options.TruncationThreshold is not null;
        if (on && Model.Settings.Condition == ConditionKind.Vector)
        {
            throw new InvalidOperationException(
                "GanGenerationOptions apply to unconditional and label-conditional models; this one is conditioned on a vector.");
        }

        return on;
    }

    private void RequireLabelConditional()
    {
        if (!Model.Settings.IsLabelConditional)
        {
            throw new InvalidOperationException("GeneratePerClass needs a model trained with GanTrainer.Options.LabelColumnName.");
        }
    }

    private SyntheticLabels PerClassLabels(long countPerClass) =>
        new(Model.Settings, position => (int)Math.Min(position / countPerClass, Model.Settings.ConditionDimension - 1));

    /// <summary>
    /// <paramref name="count"/> rows of class <paramref name="classIndex"/> kept by rejection, from a stream of the
    /// class's own, so classes do not share latent vectors or draws.
    /// </summary>
    private float[] RejectionSample(int classIndex, long count, long seed, GanGenerationOptions options)
    {
        if (count == 0)
        {
            return [];
        }

        var condition = new float[Model.Settings.ConditionDimension];
        condition[classIndex] = 1f;
        var classSeed = seed ^ unchecked((classIndex + 1) * ClassStreamMultiplier);
        return DiscriminatorRejection.Sample(_generator, _scorer, count, classSeed, options, condition);
    }

    /// <summary>Rows of a label-conditional model, row i generated for class <paramref name="classes"/>[i].</summary>
    internal IDataView GenerateForClasses(int[] classes, long seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var last = classes[^1];

        // Block generation reads classes past the end too: they get the last class and are never returned.
        return new SyntheticRowsDataView(_generator, FeatureColumnName, classes.Length, seed,
            new SyntheticLabels(Model.Settings, position => position < classes.Length ? classes[position] : last));
    }

    /// <summary>
    /// Writes the generator as an ONNX model (opset 17) that ONNX Runtime, or ML.NET's <c>ApplyOnnxModel</c>, runs without
    /// TorchSharp or libtorch: latent vectors in (input <see cref="GanOnnx.LatentInputName"/>, shape (N,
    /// <see cref="LatentDimension"/>)), rows in the training data's units out (output <see cref="OutputColumnName"/>, shape
    /// (N, <see cref="FeatureDimension"/>)). It holds the weights generation uses (the moving average when the model keeps
    /// one) and the inverse of the data scaling, so for the same latent vectors it gives <see cref="Generate(long, long)"/>'s rows up
    /// to float rounding. A conditional model has a second input, <see cref="GanOnnx.ConditionInputName"/> (N, K).
    /// </summary>
    /// <remarks>See <see cref="GanOnnx"/> for the inputs and for drawing the latent vectors GanML draws.</remarks>
    /// <param name="stream">Where to write the model; left open.</param>
    public void ExportToOnnx(Stream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(stream);
        OnnxModelWriter.Write(Model, stream);
    }

    /// <summary>Writes the generator as an ONNX model to the file <paramref name="path"/>; see <see cref="ExportToOnnx(Stream)"/>.</summary>
    /// <param name="path">The file to create or overwrite (by convention ending in <c>.onnx</c>).</param>
    public void ExportToOnnx(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OnnxModelWriter.WriteFile(path, ExportToOnnx);
    }

    /// <summary>Called by <c>mlContext.Model.Save</c>: writes the networks, settings, scaling, history and training state.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GanModelPersistence.Save(ctx, Model);
    }

    /// <summary>Releases the generator's native memory.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _generator.Dispose();
            _scorer.Dispose();
            Model.Dispose();
        }
    }

    private GanRowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new GanRowMapper(inputSchema, Model.Settings, GenerationSeed, _generator, _scorer);
    }

    private static ImageShape ImageShapeFromRange(int size, int channels, FeatureScaling scaling)
    {
        // Images share one range for every pixel (FeatureScaling.FromRange with shared: true), so slot 0 tells it all.
        var low = scaling.Center[0] - scaling.HalfRange[0];
        var high = scaling.Center[0] + scaling.HalfRange[0];
        const float tolerance = 1e-4f;
        var (scale, offset) = (low, high) switch
        {
            _ when low >= -tolerance && high <= 1 + tolerance => (1f / 255, 0f),
            _ when low >= -1 - tolerance && high <= 1 + tolerance => (1f / 127.5f, 127.5f),
            _ => (1f, 0f),
        };
        return new ImageShape(size, size, channels, scale, offset);
    }
}
