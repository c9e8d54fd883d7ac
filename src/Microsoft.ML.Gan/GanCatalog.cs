using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// The catalog of GAN components, reached through <c>mlContext.Gan()</c>.
/// </summary>
/// <remarks>
/// <para>Each trainer has a simple overload with the most used settings and an overload that takes
/// <see cref="GanTrainer.Options"/>; both share the defaults documented on the options.</para>
/// </remarks>
public sealed class GanCatalog
{
    internal GanCatalog(MLContext context)
    {
        Context = context;

        // Each MLContext has its own component catalog: register the GAN loaders here, so that calling mlContext.Gan()
        // once before mlContext.Model.Load is all a user needs.
        GanLoaders.Register(context, channel => TorchDevices.Select(context, channel));
    }

    internal MLContext Context { get; }

    /// <summary>
    /// Creates a <see cref="GanTrainer"/> that learns to generate rows like those of a float vector column.
    /// </summary>
    /// <param name="featureColumnName">The known-size vector of <see cref="float"/> to imitate.</param>
    /// <param name="outputColumnName">The generated vector column that <see cref="GanTransformer.Transform"/> adds.</param>
    /// <param name="loss">The adversarial objective; <see langword="null"/> for the network's default (see <see cref="GanTrainer.Options.Loss"/>).</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="batchSize">Real rows per discriminator step.</param>
    /// <returns>An estimator that composes with <c>Append</c> like any ML.NET estimator.</returns>
    public GanTrainer Trainer(
        string featureColumnName = GanTrainer.Defaults.FeatureColumnName,
        string outputColumnName = GanTrainer.Defaults.OutputColumnName,
        GanLoss? loss = null,
        int epochs = GanTrainer.Defaults.Epochs,
        int batchSize = GanTrainer.Defaults.BatchSize)
    {
        return new GanTrainer(Context, new GanTrainer.Options
        {
            FeatureColumnName = featureColumnName,
            OutputColumnName = outputColumnName,
            Loss = loss,
            Epochs = epochs,
            BatchSize = batchSize,
        });
    }

    /// <summary>
    /// Creates a <see cref="GanTrainer"/> with every setting given by <paramref name="options"/>.
    /// </summary>
    /// <param name="options">The training options; they are validated when the trainer is created.</param>
    /// <returns>An estimator that composes with <c>Append</c> like any ML.NET estimator.</returns>
    public GanTrainer Trainer(GanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GanTrainer(Context, options);
    }

    /// <summary>
    /// Trains a GAN with the default options on the <c>Features</c> column of <paramref name="data"/>.
    /// </summary>
    /// <param name="data">Training data with a known-size float vector column named <c>Features</c>.</param>
    /// <returns>The fitted generator.</returns>
    public GanTransformer Fit(IDataView data) => Trainer().Fit(data);

    /// <summary>
    /// Wraps <paramref name="trainer"/> so that its <c>Fit</c> first adds GAN-generated rows to the training data (see
    /// <see cref="GanAugmentingEstimator{TTransformer}"/>). The fitted model is <paramref name="trainer"/>'s own.
    /// </summary>
    /// <typeparam name="TTransformer">The trainer's transformer.</typeparam>
    /// <param name="trainer">Any ML.NET trainer (or estimator) that learns from the label and feature columns.</param>
    /// <param name="options">The label and feature columns, the policy and the GAN; <see langword="null"/> for the defaults.</param>
    /// <returns>An estimator that composes with <c>Append</c> like any ML.NET estimator.</returns>
    public GanAugmentingEstimator<TTransformer> Augment<TTransformer>(IEstimator<TTransformer> trainer, GanAugmentationOptions? options = null)
        where TTransformer : ITransformer
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return new GanAugmentingEstimator<TTransformer>(Context, trainer, options ?? new GanAugmentationOptions());
    }

    /// <summary>
    /// Returns <paramref name="data"/>'s label and feature columns with GAN-generated rows added per
    /// <see cref="GanAugmentationOptions.Policy"/>: the data an augmenting trainer would learn from.
    /// </summary>
    /// <param name="data">Labelled training data.</param>
    /// <param name="options">The label and feature columns, the policy and the GAN; <see langword="null"/> for the defaults.</param>
    /// <returns>The augmented data; synthetic rows are held in memory, real rows are read from <paramref name="data"/>.</returns>
    public IDataView AugmentData(IDataView data, GanAugmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return GanAugmentation.Augment(Context, data, options ?? new GanAugmentationOptions()).Data;
    }

    /// <summary>
    /// Computes the mean and covariance of a feature vector column, once, for the real side of every later FID.
    /// </summary>
    /// <param name="data">The real data, or its features (for example the output of an ONNX feature extractor).</param>
    /// <param name="featureColumnName">A known-size vector of <see cref="float"/>; at least two rows, all finite.</param>
    /// <returns>Statistics to pass to <see cref="ComputeFrechetDistance(FeatureStatistics, IDataView, string)"/> or to save.</returns>
    public FeatureStatistics ComputeFeatureStatistics(IDataView data, string featureColumnName = GanEvaluator.Defaults.FeatureColumnName) =>
        EvaluationInputs.Statistics(data, featureColumnName, nameof(data), "data");

    /// <summary>
    /// Computes the Fréchet distance between the feature vectors of two data views, as pytorch-fid does (FID when the
    /// features are Inception v3 pool3 activations).
    /// </summary>
    /// <param name="real">The real data.</param>
    /// <param name="generated">The generated data, with the same feature column.</param>
    /// <param name="featureColumnName">A known-size vector of <see cref="float"/> in both views.</param>
    /// <returns>The distance with its sample sizes; warnings (such as fewer rows than features) also go to the MLContext log.</returns>
    public FrechetDistanceResult ComputeFrechetDistance(IDataView real, IDataView generated, string featureColumnName = GanEvaluator.Defaults.FeatureColumnName) =>
        ComputeFrechetDistance(EvaluationInputs.Statistics(real, featureColumnName, nameof(real), "real data"), generated, featureColumnName);

    /// <summary>Computes the Fréchet distance from saved reference statistics to the feature vectors of a data view.</summary>
    /// <param name="real">Statistics of the real features, from <see cref="ComputeFeatureStatistics"/> or <see cref="FeatureStatistics.Load(string)"/>.</param>
    /// <param name="generated">The generated data.</param>
    /// <param name="featureColumnName">A known-size vector of <see cref="float"/> with as many slots as <paramref name="real"/> has dimensions.</param>
    /// <returns>The distance with its sample sizes.</returns>
    public FrechetDistanceResult ComputeFrechetDistance(FeatureStatistics real, IDataView generated, string featureColumnName = GanEvaluator.Defaults.FeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(real);
        return ComputeFrechetDistance(real, EvaluationInputs.Statistics(generated, featureColumnName, nameof(generated), "generated data"));
    }

    /// <summary>Computes the Fréchet distance between two sets of statistics.</summary>
    /// <param name="real">Statistics of the real features.</param>
    /// <param name="generated">Statistics of the generated features, of the same dimension.</param>
    /// <returns>The distance with its sample sizes.</returns>
    public FrechetDistanceResult ComputeFrechetDistance(FeatureStatistics real, FeatureStatistics generated)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        var result = FrechetDistance.Compute(real, generated);
        EvaluationInputs.Warn(Context, "FID", result.Warnings);
        return result;
    }

    /// <summary>Creates an evaluator that compares real and generated rows through <paramref name="extractor"/>.</summary>
    /// <param name="extractor">How rows become features (and class probabilities), the same for both sides.</param>
    /// <param name="options">Which metrics and their settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The evaluator.</returns>
    public GanEvaluator Evaluator(GanFeatureExtractor extractor, GanEvaluator.Options? options = null) =>
        new(Context, extractor, options ?? new GanEvaluator.Options());

    /// <summary>
    /// Computes FID, KID, precision/recall, density/coverage and, when the extractor gives class probabilities, the
    /// Inception Score and mode statistics of <paramref name="generated"/> against <paramref name="real"/>.
    /// </summary>
    /// <param name="real">The real rows.</param>
    /// <param name="generated">The generated rows, in the same form.</param>
    /// <param name="extractor">How rows become features; <see langword="null"/> reads the <c>Features</c> column as it is.</param>
    /// <param name="options">Which metrics and their settings; <see langword="null"/> for the defaults.</param>
    /// <returns>One metrics object that names the extractor and sample sizes behind every number.</returns>
    public GanEvaluationMetrics Evaluate(IDataView real, IDataView generated, GanFeatureExtractor? extractor = null, GanEvaluator.Options? options = null) =>
        Evaluator(extractor ?? GanFeatureExtractor.RawFeatures(), options).Evaluate(real, generated);

    /// <summary>
    /// Trains the built-in domain classifier on labelled real data: a feature extractor for <see cref="Evaluate"/> whose
    /// penultimate layer gives features and whose softmax gives class probabilities.
    /// </summary>
    /// <param name="data">Labelled real rows: a float vector column and a key label column.</param>
    /// <param name="options">Columns, architecture and training settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The trained classifier; dispose it when done, save it to reuse the same network across evaluations.</returns>
    public GanDomainClassifier TrainDomainClassifier(IDataView data, GanDomainClassifier.Options? options = null) =>
        GanDomainClassifier.Train(Context, data, options ?? new GanDomainClassifier.Options());

    /// <summary>
    /// Creates a <see cref="TabularGanTrainer"/> (CTGAN) that learns to generate rows of a table with any mix of Single,
    /// Double, Int32, Int64, Boolean, text and key columns.
    /// </summary>
    /// <param name="columnNames">The columns to model; none (the default) models every visible column.</param>
    /// <param name="epochs">Passes over the table.</param>
    /// <param name="labelColumnName">The column a classifier trained on the generated rows will predict; generated rows are
    /// then stratified by it (<see cref="TabularGanTrainer.Options.LabelColumnName"/>). None by default.</param>
    /// <returns>An estimator whose <c>Fit</c> returns a <see cref="TabularGanTransformer"/>.</returns>
    public TabularGanTrainer Tabular(string[]? columnNames = null, int epochs = TabularGanTrainer.Defaults.Epochs, string? labelColumnName = null) =>
        Tabular(new TabularGanTrainer.Options { ColumnNames = columnNames, Epochs = epochs, LabelColumnName = labelColumnName });

    /// <summary>Creates a <see cref="TabularGanTrainer"/> with every setting given by <paramref name="options"/>.</summary>
    /// <param name="options">The training options; they are validated when the trainer is created.</param>
    /// <returns>An estimator whose <c>Fit</c> returns a <see cref="TabularGanTransformer"/>.</returns>
    public TabularGanTrainer Tabular(TabularGanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TabularGanTrainer(Context, options);
    }

    /// <summary>
    /// Creates a <see cref="CycleGanTrainer"/> that learns to translate images between two unpaired domains.
    /// </summary>
    /// <param name="featureColumnName">The image column of both domains (known-size vector of <see cref="float"/>).</param>
    /// <param name="translatedToBColumnName">The A→B translation column that the fitted transformer adds.</param>
    /// <param name="epochs">Passes over the smaller domain.</param>
    /// <param name="cycleWeight">Weight λ of the cycle-consistency loss.</param>
    /// <returns>An estimator; fit it on two data views, or on one with a Boolean domain column.</returns>
    public CycleGanTrainer CycleGan(
        string featureColumnName = CycleGanTrainer.Defaults.FeatureColumnName,
        string translatedToBColumnName = CycleGanTrainer.Defaults.TranslatedToBColumnName,
        int epochs = CycleGanTrainer.Defaults.Epochs,
        double cycleWeight = CycleGanTrainer.Defaults.CycleWeight) =>
        CycleGan(new CycleGanTrainer.Options
        {
            FeatureColumnName = featureColumnName,
            TranslatedToBColumnName = translatedToBColumnName,
            Epochs = epochs,
            CycleWeight = cycleWeight,
        });

    /// <summary>Creates a <see cref="CycleGanTrainer"/> with every setting given by <paramref name="options"/>.</summary>
    /// <param name="options">The training options; they are validated when the trainer is created.</param>
    /// <returns>An estimator; fit it on two data views, or on one with a Boolean domain column.</returns>
    public CycleGanTrainer CycleGan(CycleGanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CycleGanTrainer(Context, options);
    }
}
