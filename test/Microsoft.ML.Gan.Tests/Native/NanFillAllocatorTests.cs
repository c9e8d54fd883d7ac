using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Native;

/// <summary>
/// Runs the heap-sensitive tests again in a child test run under <c>eng/nanfill</c>, an allocator shim that fills all new
/// native memory with NaN bytes: any kernel that reads memory it never wrote then fails every time, not by luck of the
/// heap. Linux with gcc (Debian's <c>gcc</c> package).
/// </summary>
public sealed partial class NanFillAllocatorTests(ITestOutputHelper output)
{
    /// <summary>The trait value of the tests the child run repeats under the shim.</summary>
    public const string Category = "HeapSensitive";

    // Those tests when written: 20 convolution gradient checks and 27 DCGAN, conditional DCGAN, CycleGAN and domain
    // classifier tests that train; fewer means the filter lost some.
    private const int ExpectedMinimumTests = 47;

    [Fact]
    public async Task Heap_sensitive_tests_pass_when_all_new_native_memory_holds_NaN_bytes()
    {
        var shim = BuildShim();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "test", typeof(NanFillAllocatorTests).Assembly.Location, "--filter", $"Category={Category}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LD_PRELOAD"] = shim;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The test run under the NaN-fill allocator did not finish in 5 minutes.");
            }
        }

        var text = await stdout + await stderr;
        output.WriteLine(text);
        process.ExitCode.Should().Be(0, "every heap-sensitive test must pass under the NaN-fill allocator:\n{0}", text);
        var summary = PassedCount().Match(text);
        summary.Success.Should().BeTrue("the child run prints its summary:\n{0}", text);
        int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(ExpectedMinimumTests);
    }

    private static string BuildShim()
    {
        // bin/<Configuration>/net10.0/ → the repository root.
        var root = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var source = Path.Combine(root, "eng", "nanfill", "nanfill.c");
        File.Exists(source).Should().BeTrue($"the shim's source is kept at {source}");
        var library = Path.Combine(Path.GetTempPath(), $"ganml-nanfill-{Environment.ProcessId}.so");
        var gcc = new ProcessStartInfo("gcc") { RedirectStandardError = true };
        foreach (var argument in new[] { "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl" })
        {
            gcc.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(gcc)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("gcc is needed to build the NaN-fill shim (apt-get install gcc).", e);
        }

        using var _ = process;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, "gcc builds the shim: {0}", errors);
        return library;
    }

    [GeneratedRegex(@"Passed:\s+(\d+)")]
    private static partial Regex PassedCount();
}
