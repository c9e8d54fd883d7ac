using System;
using System.Threading;

namespace Microsoft.ML.Gan;

/// <summary>
/// Thrown when <see cref="TabularGanTrainer.Options.CancellationToken"/> stops training. Nothing is lost:
/// <see cref="Model"/> is the model as trained up to the last completed step, with its training state, so
/// <c>Fit(data, exception.Model)</c> continues where training stopped.
/// </summary>
public sealed class TabularGanTrainingCanceledException : OperationCanceledException
{
    internal TabularGanTrainingCanceledException(TabularGanTransformer model, int completedEpochs, CancellationToken token)
        : base($"Tabular GAN training was canceled after {completedEpochs} complete epoch(s); the Model property holds the model trained so far; pass it to Fit(data, model) to continue.", token)
    {
        Model = model;
        CompletedEpochs = completedEpochs;
    }

    /// <summary>The model trained up to the last completed step, which training can continue from; the caller owns and disposes it.</summary>
    public TabularGanTransformer Model { get; }

    /// <summary>How many epochs ran to completion before cancellation.</summary>
    public int CompletedEpochs { get; }
}
