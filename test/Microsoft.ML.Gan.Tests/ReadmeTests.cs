using System;
using System.IO;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Gan.Tests;

/// <summary>The README is the contract: its commands match CI and its quick start is code that compiles.</summary>
public sealed class ReadmeTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Quick_start_in_the_README_is_the_compiled_sample_verbatim()
    {
        var sample = File.ReadAllText(Path.Combine(Root, "src", "Microsoft.ML.Gan.Samples", "QuickStart.cs")).ReplaceLineEndings("\n");
        var code = Regex.Match(sample, "// quick start begins\n(.*)// quick start ends", RegexOptions.Singleline).Groups[1].Value;

        code.Should().NotBeNullOrWhiteSpace();
        File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n").Should().Contain("```csharp\n" + code + "```");
    }

    [Fact]
    public void The_evaluation_example_in_docs_is_the_compiled_sample_verbatim()
    {
        var sample = File.ReadAllText(Path.Combine(Root, "src", "Microsoft.ML.Gan.Samples", "EvaluationQuickStart.cs")).ReplaceLineEndings("\n");
        var code = Regex.Match(sample, "// evaluation quick start begins\n(.*?)\n\\s*// evaluation quick start ends", RegexOptions.Singleline).Groups[1].Value;

        code.Should().Contain("ComputeFrechetDistance");
        File.ReadAllText(Path.Combine(Root, "docs", "EVALUATION.md")).ReplaceLineEndings("\n").Should().Contain("```csharp\n" + code + "\n```");
    }

    [Fact]
    public void CI_runs_exactly_the_README_test_command()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        const string command = "dotnet test GanML.sln -c Release";

        readme.Should().Contain("```bash\n" + command + "\n```");
        ci.Should().Contain("\n" + command + "\n");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GanML.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("GanML.sln not found above the test output directory.");
    }
}
