using System.IO;
using System.Linq;

namespace GanML.Benchmarks;

/// <summary>Resident set size of this process from <c>/proc/self/status</c>: now (VmRSS) and at its peak (VmHWM).</summary>
internal static class ProcessMemory
{
    public static (double RssMiB, double PeakMiB) Read()
    {
        var lines = File.ReadAllLines("/proc/self/status");
        return (KiB(lines, "VmRSS:") / 1024.0, KiB(lines, "VmHWM:") / 1024.0);
    }

    private static long KiB(string[] lines, string key) =>
        long.Parse(lines.First(l => l.StartsWith(key, System.StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
