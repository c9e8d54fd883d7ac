using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace GanML.Benchmarks;

/// <summary>Processes that each keep one core busy (a shell loop) until disposed: the "shared machine" condition.</summary>
internal sealed class BusyCores : IDisposable
{
    private readonly List<Process> _processes = [];

    private BusyCores(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _processes.Add(Process.Start("/bin/sh", ["-c", "while :; do :; done"]));
        }
    }

    public static BusyCores Start(int count) => new(count);

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
