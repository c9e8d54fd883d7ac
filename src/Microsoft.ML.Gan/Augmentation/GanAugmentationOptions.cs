namespace Microsoft.ML.Gan;

/// <summary>
/// Options for GAN augmentation (<c>mlContext.Gan().Augment(trainer, options)</c> and <c>AugmentData</c>). Every field
/// has a documented default.
/// </summary>
public sealed class GanAugmentationOptions
{
    /// <summary>
    /// The class label: a key column (strings become keys upstream with <c>MapValueToKey</c>) or an Int32, Int64 or UInt32
    /// column. Default <c>Label</c>.
    /// </summary>
    public string LabelColumnName = "Label";

    /// <summary>The known-size <see cref="float"/> vector the wrapped trainer learns from. Default <c>Features</c>.</summary>
    public string FeatureColumnName = GanTrainer.Defaults.FeatureColumnName;

    /// <summary>How many synthetic rows each class gets. Default <see cref="AugmentationPolicy.BalanceToLargest"/>.</summary>
    public AugmentationPolicy Policy = AugmentationPolicy.BalanceToLargest;

    /// <summary>With <see cref="AugmentationPolicy.RatioPerClass"/>: synthetic rows per real row of each class. Default 1.</summary>
    public double Ratio = 1;

    /// <summary>
    /// The conditional GAN to train on the data; its <see cref="GanTrainer.Options.LabelColumnName"/> and
    /// <see cref="GanTrainer.Options.FeatureColumnName"/> are set from these options. Default <see langword="null"/>:
    /// <c>new GanTrainer.Options { BalanceClasses = true }</c> (an MLP GAN with the documented defaults whose classes
    /// are drawn equally often, so the rare classes it is asked to augment train as often as the large ones).
    /// </summary>
    public GanTrainer.Options? Gan;

    /// <summary>
    /// A label-conditional GAN already trained on data like this (same label column and classes, same feature size),
    /// used instead of training one. It is not disposed. Default <see langword="null"/>.
    /// </summary>
    public GanTransformer? TrainedGan;

    /// <summary>
    /// When set, the augmented data also has a <see cref="bool"/> column of this name, true for synthetic rows, for
    /// inspection. Default <see langword="null"/>: the augmented data have only the label and feature columns, so
    /// nothing but them reaches the wrapped trainer.
    /// </summary>
    public string? SyntheticIndicatorColumnName;

    /// <summary>
    /// Shuffle real and synthetic rows together, so trainers that read rows in order see them mixed. Default
    /// <see langword="true"/>.
    /// </summary>
    public bool Shuffle = true;

    /// <summary>Seed of generation and shuffling. Default <see langword="null"/>: drawn from the <see cref="MLContext"/>.</summary>
    public int? Seed;
}
