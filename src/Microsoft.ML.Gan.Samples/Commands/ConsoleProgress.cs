using System;
using System.Diagnostics;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>Prints one line per epoch, overwritten in place, with the losses and an estimate of the time left.</summary>
internal sealed class ConsoleProgress : IProgress<GanEpochSummary>
{
    private readonly GanLoss _loss;
    private readonly int _epochs;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConsoleProgress(GanLoss loss, int epochs)
    {
        _loss = loss;
        _epochs = epochs;
    }

    public void Report(GanEpochSummary value)
    {
        var left = TimeSpan.FromTicks(_clock.Elapsed.Ticks / value.Epoch * (_epochs - value.Epoch));
        var distance = value.WassersteinEstimate is double w ? $" W {w,7:F3}" : string.Empty;
        Console.Write($"\r{_loss,-27} epoch {value.Epoch,4}/{_epochs}  D {value.DiscriminatorLoss,7:F3}  G {value.GeneratorLoss,7:F3}{distance}  ETA {left:mm\\:ss}   ");
    }
}
