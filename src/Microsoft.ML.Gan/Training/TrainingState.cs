using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Where training stands between two steps: enough to continue exactly as if it had never stopped (on the CPU). Taken
/// at epoch ends for checkpoints and at cancellation, possibly in the middle of an epoch.
/// </summary>
internal sealed class TrainingState : IDisposable
{
    /// <summary>Epochs fully completed.</summary>
    public required int CompletedEpochs { get; init; }

    /// <summary>Discriminator steps taken since training began (decides when the generator steps).</summary>
    public required long DiscriminatorStepsTaken { get; init; }

    /// <summary>The row order of the epoch in progress, or null at an epoch boundary.</summary>
    public Tensor? EpochOrder { get; init; }

    /// <summary>Batches of the epoch in progress already trained on.</summary>
    public int NextBatch { get; init; }

    /// <summary>Loss sums of the epoch in progress, so its summary counts every step.</summary>
    public EpochTotals PartialEpoch { get; init; }

    /// <summary>State of the generator that draws each epoch's row order.</summary>
    public required Tensor PermutationRandomState { get; init; }

    /// <summary>State of the generator that draws noise and interpolation weights.</summary>
    public required Tensor NoiseRandomState { get; init; }

    public required AdamState GeneratorOptimizer { get; init; }

    public required AdamState DiscriminatorOptimizer { get; init; }

    public void Dispose()
    {
        EpochOrder?.Dispose();
        PermutationRandomState.Dispose();
        NoiseRandomState.Dispose();
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
    }
}

/// <summary>Running loss sums of one epoch.</summary>
internal readonly record struct EpochTotals(
    double DiscriminatorSum,
    int DiscriminatorCount,
    double GeneratorSum,
    int GeneratorCount,
    double WassersteinSum,
    int WassersteinCount,
    double ElapsedSeconds);
