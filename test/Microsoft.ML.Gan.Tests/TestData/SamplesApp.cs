using System;
using System.Diagnostics;
using System.IO;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Runs the samples console app (built with the same configuration as the tests) as a separate process.</summary>
internal static class SamplesApp
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        // test/Microsoft.ML.Gan.Tests/bin/<Configuration>/net10.0/ → src/Microsoft.ML.Gan.Samples/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var app = Path.Combine(root, "src", "Microsoft.ML.Gan.Samples", "bin", configuration, output.Name, "Microsoft.ML.Gan.Samples.dll");
        if (!File.Exists(app))
        {
            throw new FileNotFoundException($"The samples app is not built at {app}; build the solution first.", app);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(app);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The samples app did not finish: {string.Join(' ', arguments)}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
