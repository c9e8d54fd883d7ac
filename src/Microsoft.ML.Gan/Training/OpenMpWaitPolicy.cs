using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan;

/// <summary>
/// Makes libtorch's OpenMP threads sleep, not spin, while they wait for each other, unless the application chose a
/// policy itself (<c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> set).
/// </summary>
/// <remarks>
/// With GNU OpenMP's default, a thread that reaches a barrier first spins for up to 300,000 iterations before it sleeps.
/// On a machine where another process keeps a core busy, the thread it waits for is descheduled while the spinning one
/// holds the other core, so every parallel region costs a scheduler time slice: measured on 2 cores (AMD EPYC family
/// 26) with one core kept busy, the benchmarks' B1 ran 3.1× and a 20-feature MLP GAN 2.8× slower than on the idle
/// machine, and other runs on shared machines 30–60×. Passive waiting frees the core at once, so the waited-for thread
/// can run there: B1 then took 1.18× its idle time, the MLP 1.0×; on an idle machine it costs up to about 15%
/// (eng/benchmarks/run.sh and wait-policy.sh; docs/BENCHMARKS.md).
/// OpenMP reads the variable once, when libtorch is loaded, so this runs when this assembly is loaded: in an application
/// whose first use of TorchSharp is through GanML (the usual case) it applies; one that used TorchSharp before should set
/// <c>OMP_WAIT_POLICY=PASSIVE</c> in its environment.
/// </remarks>
internal static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";
    public const string Passive = "PASSIVE";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The OpenMP runtime reads its environment when libtorch loads; later is too late.")]
    internal static void ApplyDefault()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null)
        {
            return;
        }

        // .NET keeps its own copy of the environment on Unix; the native runtime reads the C library's.
        Environment.SetEnvironmentVariable(Variable, Passive);
        if (!OperatingSystem.IsWindows())
        {
            _ = SetNativeVariable(Variable, Passive, overwrite: 0);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and ASCII strings need none.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetNativeVariable(string name, string value, int overwrite);
}
