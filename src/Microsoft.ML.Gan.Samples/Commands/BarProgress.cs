using System;
using Spectre.Console;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Moves a Spectre.Console progress bar one step per epoch and shows the epoch's losses and the time left in its label.
/// The time left comes from the mean epoch time so far: Spectre's own estimate only samples the last half minute, which
/// long epochs leave empty.
/// </summary>
internal sealed class BarProgress : IProgress<GanEpochSummary>
{
    private readonly ProgressTask _task;
    private readonly string _label;
    private readonly int _epochs;
    private readonly EtaClock _eta = new();

    public BarProgress(ProgressTask task, string label, int epochs)
    {
        _task = task;
        _label = label;
        _epochs = epochs;
    }

    public void Report(GanEpochSummary value)
    {
        var left = _eta.Left(value.Epoch, _epochs);
        var distance = value.WassersteinEstimate is double w ? $" W {w:F3}" : string.Empty;
        _task.Description = Markup.Escape(
            $"{_label} {value.Epoch}/{_epochs} D {value.DiscriminatorLoss:F3} G {value.GeneratorLoss:F3}{distance} ETA {(int)left.TotalMinutes:D2}:{left.Seconds:D2}");
        _task.Value = value.Epoch;
    }
}
