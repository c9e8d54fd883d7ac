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
        CycleGanPersistence.RegisterLoader(context);
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
