namespace Microsoft.ML.Gan;

/// <summary>How a conditional discriminator combines a row with its condition.</summary>
public enum GanConditioning
{
    /// <summary>The embedded condition is joined to the row before the first layer (Mirza and Osindero's cGAN).</summary>
    Concatenation,

    /// <summary>
    /// The inner product of the embedded condition with the discriminator's last hidden features is added to its
    /// output (Miyato and Koyama's projection discriminator).
    /// </summary>
    Projection,
}
