using System;
using Spectre.Console;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>Moves a Spectre.Console progress bar one step per epoch and shows the epoch's losses in its label.</summary>
internal sealed class BarProgress : IProgress<GanEpochSummary>
{
    private readonly ProgressTask _task;
    private readonly string _label;
    private readonly int _epochs;

    public BarProgress(ProgressTask task, string label, int epochs)
    {
        _task = task;
        _label = label;
        _epochs = epochs;
    }

    public void Report(GanEpochSummary value)
    {
        var distance = value.WassersteinEstimate is double w ? $" W {w,7:F3}" : string.Empty;
        _task.Description = Markup.Escape($"{_label} epoch {value.Epoch}/{_epochs}  D {value.DiscriminatorLoss,6:F3}  G {value.GeneratorLoss,6:F3}{distance}");
        _task.Value = value.Epoch;
    }
}
