using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// Loading GanML bounds libtorch's OpenMP spin-waiting (it spins 300,000 iterations by default, which collapses training
/// on a machine where another process keeps a core busy), in the C library's environment where OpenMP reads it.
/// </summary>
public sealed class OpenMpWaitPolicyTests
{
    [Fact]
    public void Loading_the_library_sets_a_short_spin_count_in_the_native_environment()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(GanTrainer).Module.ModuleHandle);

        // The test host's own environment sets neither variable, so the library's default is in force.
        NativeVariable(OpenMpWaitPolicy.PolicyVariable).Should().BeNull();
        NativeVariable(OpenMpWaitPolicy.SpinCountVariable).Should().Be("1000");
        Environment.GetEnvironmentVariable(OpenMpWaitPolicy.SpinCountVariable).Should().Be("1000");
    }

    [Fact]
    public void An_application_that_chose_a_wait_policy_keeps_it()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(GanTrainer).Module.ModuleHandle);
        Environment.SetEnvironmentVariable(OpenMpWaitPolicy.SpinCountVariable, null);
        Environment.SetEnvironmentVariable(OpenMpWaitPolicy.PolicyVariable, "ACTIVE");
        try
        {
            OpenMpWaitPolicy.ApplyDefault();

            Environment.GetEnvironmentVariable(OpenMpWaitPolicy.SpinCountVariable).Should().BeNull();
            Environment.GetEnvironmentVariable(OpenMpWaitPolicy.PolicyVariable).Should().Be("ACTIVE");
        }
        finally
        {
            Environment.SetEnvironmentVariable(OpenMpWaitPolicy.PolicyVariable, null);
            Environment.SetEnvironmentVariable(OpenMpWaitPolicy.SpinCountVariable, OpenMpWaitPolicy.DefaultSpinCount);
        }
    }

    private static string? NativeVariable(string name) => Marshal.PtrToStringAnsi(GetEnvironmentVariable(name));

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr GetEnvironmentVariable(string name);
}
