using System;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Progress for output that is not a live terminal (a log file, CI): a plain line with the epoch, D and G losses and
/// the time left every tenth of the run, rather than a line per epoch.
/// </summary>
internal sealed class PlainProgress : IProgress<GanEpochSummary>
{
    private readonly string _label;
    private readonly int _epochs;
    private readonly EtaClock _eta = new();

    public PlainProgress(string label, int epochs)
    {
        _label = label;
        _epochs = epochs;
    }

    public void Report(GanEpochSummary value)
    {
        var left = _eta.Left(value.Epoch, _epochs);
        var distance = value.WassersteinEstimate is double w ? $" W {w,7:F3}" : string.Empty;
        var line = $"{_label,-27} epoch {value.Epoch,4}/{_epochs}  D {value.DiscriminatorLoss,7:F3}  G {value.GeneratorLoss,7:F3}{distance}  ETA {left:mm\\:ss}";
        if (value.Epoch % Math.Max(1, _epochs / 10) == 0 || value.Epoch == _epochs)
        {
            Console.WriteLine(line);
        }
    }
}
