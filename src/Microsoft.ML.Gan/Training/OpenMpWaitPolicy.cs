using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan;

/// <summary>
/// Bounds how long libtorch's OpenMP threads spin before they sleep while waiting for each other
/// (<c>GOMP_SPINCOUNT=1000</c> instead of GNU OpenMP's 300,000), unless the application chose a policy itself
/// (<c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> set).
/// </summary>
/// <remarks>
/// With GNU OpenMP's default, a thread that reaches a barrier first spins for up to 300,000 iterations before it sleeps.
/// On a machine where another process keeps a core busy, the thread it waits for is descheduled while the spinning one
/// holds the other core, so every parallel region costs a scheduler time slice: measured on 2 cores (AMD EPYC family
/// 26) with one core kept busy, the benchmarks' B1 ran 3.1–4.1× and a 20-feature MLP GAN 2.8× slower than on the idle
/// machine, and other runs on shared machines 30–60×. A short spin still catches the quick hand-offs of an idle
/// machine, and then the thread sleeps and frees the core: with 1,000 iterations B1 took about 1.9× its idle time with
/// a core kept busy and about 5% longer than full spinning when idle; sleeping at once (<c>OMP_WAIT_POLICY=PASSIVE</c>)
/// gave about 1.3× busy but cost about 20% idle (eng/benchmarks/wait-policy.sh; docs/TRAINING.md).
/// OpenMP reads the variable once, when libtorch is loaded, so this runs when this assembly is loaded: in an application
/// whose first use of TorchSharp is through GanML (the usual case) it applies; one that used TorchSharp before should set
/// <c>GOMP_SPINCOUNT=1000</c> in its environment.
/// </remarks>
internal static class OpenMpWaitPolicy
{
    public const string PolicyVariable = "OMP_WAIT_POLICY";
    public const string SpinCountVariable = "GOMP_SPINCOUNT";
    public const string DefaultSpinCount = "1000";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The OpenMP runtime reads its environment when libtorch loads; later is too late.")]
    internal static void ApplyDefault()
    {
        if (Environment.GetEnvironmentVariable(PolicyVariable) is not null || Environment.GetEnvironmentVariable(SpinCountVariable) is not null)
        {
            return;
        }

        // .NET keeps its own copy of the environment on Unix; the native runtime reads the C library's.
        Environment.SetEnvironmentVariable(SpinCountVariable, DefaultSpinCount);
        if (!OperatingSystem.IsWindows())
        {
            _ = SetNativeVariable(SpinCountVariable, DefaultSpinCount, overwrite: 0);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and ASCII strings need none.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetNativeVariable(string name, string value, int overwrite);
}
