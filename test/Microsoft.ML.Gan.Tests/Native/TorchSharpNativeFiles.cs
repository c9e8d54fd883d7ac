using System;
using System.IO;
using System.Linq;
using System.Reflection;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Native;

/// <summary>Where the copies of libLibTorchSharp.so the tests look at live.</summary>
internal static class TorchSharpNativeFiles
{
    public const string FileName = "libLibTorchSharp.so";

    public const string LibStdCxx = "libstdc++.so.6";

    public const string GlibcxxVersion = "GLIBCXX_3.4.32";

    /// <summary>The TorchSharp package version the test host runs, e.g. "0.107.0".</summary>
    public static string TorchSharpVersion
    {
        get
        {
            string version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            int metadata = version.IndexOf('+', StringComparison.Ordinal);
            return metadata < 0 ? version : version[..metadata];
        }
    }

    /// <summary>The package's file in the NuGet global packages folder (NUGET_PACKAGES or ~/.nuget/packages).</summary>
    public static string NuGetCacheCopy
    {
        get
        {
            string? root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }

            string path = Path.Combine(root, "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", FileName);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"TorchSharp's native library is not in the NuGet cache at {path}.", path);
            }

            return path;
        }
    }

    /// <summary>The copy next to the test assembly (portable or RID-specific layout).</summary>
    public static string OutputCopy
    {
        get
        {
            string[] candidates =
            [
                Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName),
                Path.Combine(AppContext.BaseDirectory, FileName),
            ];
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"No {FileName} in the test output directory {AppContext.BaseDirectory}.");
        }
    }
}
