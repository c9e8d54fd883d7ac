using System;
using System.Runtime;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Counts the objects a piece of work leaves for the .NET finalizer (run such tests in <see cref="SerialCollection"/>).</summary>
internal static class FinalizerQueue
{
    private const long NoCollectionBudget = 1L << 30;

    // Minus those pending after doing nothing: the runtime keeps objects that re-register for finalization at every full
    // GC (one per ArrayPool<T>.Shared in use, for instance), so each window ending in a full GC counts them again; how
    // many depends on what else the process has run (measured: up to 20).
    public static long CountLeftBy(Action work) => PendingAfter(work) - PendingAfter(() => { });

    /// <summary>
    /// Objects left per step: the count for <paramref name="steps"/> more steps of <paramref name="run"/> (called with
    /// <c>steps</c> and then <c>2 * steps</c>), divided by <paramref name="steps"/>. Subtracting the shorter run cancels
    /// what any window counts once (setup, and the re-registering objects), so the windows are counted as they are:
    /// subtracting an empty window from each as well (CountLeftBy) would only add that window's own wander (measured 0
    /// to 104 apart) to the difference.
    /// </summary>
    /// <remarks>
    /// Other threads of the process (what earlier tests left running) can register objects during a window: in the full
    /// suite a step measured alone at 0.00 once counted 0.55. Such objects only ever add to a count, while a leak adds to
    /// every run, so when the figure is not below <paramref name="expectedBelow"/> both runs are measured again (up to
    /// three times in all) and each count is the least seen: a real leak stays above the bound, a stray object does not.
    /// </remarks>
    public static (double PerStep, long Shorter, long Longer) PerStep(Action<int> run, int steps, double expectedBelow)
    {
        var shorter = long.MaxValue;
        var longer = long.MaxValue;
        var perStep = double.PositiveInfinity;
        for (var attempt = 0; attempt < 3 && perStep >= expectedBelow; attempt++)
        {
            shorter = Math.Min(shorter, PendingAfter(() => run(steps)));
            longer = Math.Min(longer, PendingAfter(() => run(2 * steps)));
            perStep = (double)(longer - shorter) / steps;
        }

        return (perStep, shorter, longer);
    }

    private static long PendingAfter(Action work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // No collection while the work runs: one would hand what the work left so far to the finalizer thread, which
        // runs it before the count below (a 120-step run counted 3 objects where 60 steps counted 60).
        if (!GC.TryStartNoGCRegion(NoCollectionBudget))
        {
            throw new InvalidOperationException("Could not suspend garbage collection for the measurement.");
        }

        work();
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            throw new InvalidOperationException(
                $"The measured work allocated more than {NoCollectionBudget >> 20} MiB of managed memory, so a collection ran during it and the count would be low; measure less work.");
        }

        GC.EndNoGCRegion();
        GC.Collect();
        var pending = GC.GetGCMemoryInfo().FinalizationPendingCount;
        GC.WaitForPendingFinalizers();
        return pending;
    }
}
