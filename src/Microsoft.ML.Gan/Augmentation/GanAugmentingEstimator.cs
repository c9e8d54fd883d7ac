using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Wraps any ML.NET trainer: <see cref="Fit"/> trains (or reuses) a conditional GAN on the training data, adds synthetic
/// rows per <see cref="GanAugmentationOptions.Policy"/>, and fits the wrapped trainer on the augmented data. Create it
/// with <c>mlContext.Gan().Augment(trainer, options)</c>.
/// </summary>
/// <remarks>
/// The result is the wrapped trainer's own transformer: scoring, <c>PredictionEngine</c> and save/load behave exactly
/// as without augmentation, and data transformed later (test data) is never augmented.
/// </remarks>
/// <typeparam name="TTransformer">The wrapped trainer's transformer.</typeparam>
public sealed class GanAugmentingEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ITransformer
{
    private readonly MLContext _context;
    private readonly IEstimator<TTransformer> _trainer;
    private readonly GanAugmentationOptions _options;

    internal GanAugmentingEstimator(MLContext context, IEstimator<TTransformer> trainer, GanAugmentationOptions options)
    {
        GanAugmentation.Validate(options);
        _context = context;
        _trainer = trainer;
        _options = options;
    }

    /// <summary>Augments <paramref name="input"/> and fits the wrapped trainer on the result.</summary>
    /// <param name="input">Labelled training data with the label and feature columns.</param>
    /// <returns>The wrapped trainer's transformer.</returns>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _trainer.Fit(GanAugmentation.Augment(_context, input, _options).Data);
    }

    /// <summary>The wrapped trainer's output schema, after checking the label and feature columns.</summary>
    /// <param name="inputSchema">The shape of the training data.</param>
    /// <returns>What the wrapped trainer's transformer produces.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.FeatureColumn(inputSchema, _options.FeatureColumnName, nameof(inputSchema));
        ConditionColumn.Check(inputSchema, _options.LabelColumnName, label: true, nameof(inputSchema));
        return _trainer.GetOutputSchema(inputSchema);
    }
}
