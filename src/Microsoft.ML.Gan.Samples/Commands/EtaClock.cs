using System;
using System.Diagnostics;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// The time left in a training run from the mean epoch time so far. A resumed run counts from its first new epoch.
/// </summary>
internal sealed class EtaClock
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _firstEpoch = -1;

    public TimeSpan Left(int epoch, int epochs)
    {
        _firstEpoch = _firstEpoch < 0 ? epoch - 1 : _firstEpoch;
        return TimeSpan.FromTicks(_clock.Elapsed.Ticks / Math.Max(1, epoch - _firstEpoch) * Math.Max(0, epochs - epoch));
    }
}
