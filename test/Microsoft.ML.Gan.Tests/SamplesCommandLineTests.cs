using System.IO;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests;

/// <summary>The samples app's command line, run as users run it.</summary>
public sealed class SamplesCommandLineTests
{
    [Fact]
    public void Help_describes_the_main_job_and_every_command()
    {
        var (exitCode, output) = SamplesApp.Run("--help");

        exitCode.Should().Be(0, output);
        output.Should().Contain("DCGAN on the bundled MNIST").And.Contain("toy").And.Contain("generate").And.Contain("--epochs");
    }

    [Fact]
    public void A_one_epoch_toy_run_writes_its_report_and_models()
    {
        var artifacts = Directory.CreateTempSubdirectory("ganml-toy-").FullName;
        try
        {
            var (exitCode, output) = SamplesApp.Run("toy", "--epochs", "1", "--artifacts", artifacts);

            exitCode.Should().Be(0, output);
            File.ReadAllText(Path.Combine(artifacts, "ring-report.md")).Should().Contain("| WassersteinGradientPenalty |");
            Directory.GetFiles(artifacts, "ring-*.zip").Should().HaveCount(6);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
