using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// Loading GanML makes libtorch's OpenMP threads wait passively (they spin by default, which collapses training on a
/// machine where another process keeps a core busy), in the C library's environment where OpenMP reads it.
/// </summary>
public sealed class OpenMpWaitPolicyTests
{
    [Fact]
    public void Loading_the_library_sets_a_passive_wait_policy_in_the_native_environment()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(GanTrainer).Module.ModuleHandle);

        // The test host's own environment sets neither variable, so the library's default is in force.
        NativeVariable("GOMP_SPINCOUNT").Should().BeNull();
        NativeVariable(OpenMpWaitPolicy.Variable).Should().Be(OpenMpWaitPolicy.Passive);
        Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable).Should().Be(OpenMpWaitPolicy.Passive);
    }

    [Fact]
    public void An_application_that_chose_a_spin_count_keeps_it()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(GanTrainer).Module.ModuleHandle);
        Environment.SetEnvironmentVariable(OpenMpWaitPolicy.Variable, null);
        Environment.SetEnvironmentVariable("GOMP_SPINCOUNT", "1000");
        try
        {
            OpenMpWaitPolicy.ApplyDefault();

            Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable).Should().BeNull();
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOMP_SPINCOUNT", null);
            Environment.SetEnvironmentVariable(OpenMpWaitPolicy.Variable, OpenMpWaitPolicy.Passive);
        }
    }

    private static string? NativeVariable(string name) => Marshal.PtrToStringAnsi(GetEnvironmentVariable(name));

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr GetEnvironmentVariable(string name);
}
