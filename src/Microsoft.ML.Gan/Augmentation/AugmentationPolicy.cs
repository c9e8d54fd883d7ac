namespace Microsoft.ML.Gan;

/// <summary>How many synthetic rows GAN augmentation adds to each class.</summary>
public enum AugmentationPolicy
{
    /// <summary>Every class is topped up to the size of the largest class (which gets none).</summary>
    BalanceToLargest,

    /// <summary>Every class gets <see cref="GanAugmentationOptions.Ratio"/> × its own row count, rounded.</summary>
    RatioPerClass,
}
