using System;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Counts the objects a piece of work leaves for the .NET finalizer (run such tests in <see cref="SerialCollection"/>).</summary>
internal static class FinalizerQueue
{
    // Minus those pending after doing nothing: the runtime keeps objects that re-register for finalization at every full
    // GC (one per ArrayPool<T>.Shared in use, for instance), so each window ending in a full GC counts them again; how
    // many depends on what else the process has run (measured: up to 20).
    public static long CountLeftBy(Action work) => PendingAfter(work) - PendingAfter(() => { });

    private static long PendingAfter(Action work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        work();
        GC.Collect();
        var pending = GC.GetGCMemoryInfo().FinalizationPendingCount;
        GC.WaitForPendingFinalizers();
        return pending;
    }
}
