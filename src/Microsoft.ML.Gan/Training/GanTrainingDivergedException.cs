using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Thrown when a loss becomes NaN or infinite: the networks' weights can no longer be trusted, so training stops.
/// </summary>
/// <remarks>Lower the learning rates, use a bounded loss (for example <see cref="GanLoss.WassersteinGradientPenalty"/>
/// or <see cref="GanLoss.Hinge"/>), or check the data's scale.</remarks>
public sealed class GanTrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the first non-finite loss seen.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="step">The step within the epoch, from 1.</param>
    /// <param name="lossName">Which loss diverged: <c>discriminator</c> or <c>generator</c>.</param>
    /// <param name="value">The non-finite value.</param>
    public GanTrainingDivergedException(int epoch, int step, string lossName, double value)
        : base($"GAN training diverged: the {lossName} loss became {value} at epoch {epoch}, step {step}. " +
               "Lower the learning rates, try a bounded loss such as WassersteinGradientPenalty or Hinge, or check the scale of the data.")
    {
        Epoch = epoch;
        Step = step;
        LossName = lossName;
        Value = value;
    }

    /// <summary>The epoch in which the loss diverged, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within <see cref="Epoch"/> at which the loss diverged, from 1.</summary>
    public int Step { get; }

    /// <summary>Which loss diverged: <c>discriminator</c> or <c>generator</c>.</summary>
    public string LossName { get; }

    /// <summary>The non-finite value of the loss.</summary>
    public double Value { get; }
}
