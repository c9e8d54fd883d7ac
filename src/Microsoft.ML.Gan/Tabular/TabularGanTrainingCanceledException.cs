using System;
using System.Threading;

namespace Microsoft.ML.Gan;

/// <summary>
/// Thrown when <see cref="TabularGanTrainer.Options.CancellationToken"/> stops training. Nothing is lost:
/// <see cref="Model"/> is the generator as trained up to the last completed step.
/// </summary>
public sealed class TabularGanTrainingCanceledException : OperationCanceledException
{
    internal TabularGanTrainingCanceledException(TabularGanTransformer model, int completedEpochs, CancellationToken token)
        : base($"Tabular GAN training was canceled after {completedEpochs} complete epoch(s); the Model property holds the generator trained so far.", token)
    {
        Model = model;
        CompletedEpochs = completedEpochs;
    }

    /// <summary>The generator trained up to the last completed step; the caller owns and disposes it.</summary>
    public TabularGanTransformer Model { get; }

    /// <summary>How many epochs ran to completion before cancellation.</summary>
    public int CompletedEpochs { get; }
}
