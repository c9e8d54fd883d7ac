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

        // Each MLContext has its own component catalog: register the GAN loader here, so that calling mlContext.Gan()
        // once before mlContext.Model.Load is all a user needs.
        GanModelPersistence.RegisterLoader(context);
        GeneratedImagePersistence.RegisterLoader(context);
    }

    internal MLContext Context { get; }

    /// <summary>
    /// Creates a <see cref="GanTrainer"/> that learns to generate rows like those of a float vector column.
    /// </summary>
    /// <param name="featureColumnName">The known-size vector of <see cref="float"/> to imitate.</param>
    /// <param name="outputColumnName">The generated vector column that <see cref="GanTransformer.Transform"/> adds.</param>
    /// <param name="loss">The adversarial objective.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="batchSize">Real rows per discriminator step.</param>
    /// <returns>An estimator that composes with <c>Append</c> like any ML.NET estimator.</returns>
    public GanTrainer Trainer(
        string featureColumnName = GanTrainer.Defaults.FeatureColumnName,
        string outputColumnName = GanTrainer.Defaults.OutputColumnName,
        GanLoss loss = GanTrainer.Defaults.Loss,
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
}
