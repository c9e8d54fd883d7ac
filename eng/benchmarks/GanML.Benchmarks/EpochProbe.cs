using System;
using System.Collections.Generic;
using Microsoft.ML.Gan;

namespace GanML.Benchmarks;

/// <summary>Records the memory of the process after every epoch, synchronously (not through <see cref="Progress{T}"/>).</summary>
internal sealed class EpochProbe : IProgress<GanEpochSummary>
{
    public List<(int Epoch, double RssMiB, double PeakMiB, double Seconds)> Epochs { get; } = [];

    public void Report(GanEpochSummary value)
    {
        var (rss, peak) = ProcessMemory.Read();
        Epochs.Add((value.Epoch, rss, peak, value.Elapsed.TotalSeconds));
    }
}
