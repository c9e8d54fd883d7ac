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
        output.Should().Contain("DCGAN on the bundled MNIST").And.Contain("toy").And.Contain("train-images").And.Contain("generate").And.Contain("cyclegan").And.Contain("--epochs");
    }

    [Fact]
    public void A_few_step_toy_run_writes_coverage_for_both_mixtures_scatter_plots_and_models()
    {
        var artifacts = Directory.CreateTempSubdirectory("ganml-toy-").FullName;
        try
        {
            var (exitCode, output) = SamplesApp.Run("toy", "--steps", "8", "--artifacts", artifacts);

            exitCode.Should().Be(0, output);
            var report = File.ReadAllText(Path.Combine(artifacts, "toy-report.md"));
            report.Should().Contain("8 Gaussians").And.Contain("25 Gaussians").And.Contain("1 epochs");
            report.Should().MatchRegex(@"\| \(real data\) \| \| 0\.0\d\d \| 100 % \| 8/8 \|", "the ring's own samples hit every mode");
            report.Should().MatchRegex(@"\| \(real data\) \| \| 0\.0\d\d \| 100 % \| 25/25 \|", "the grid's own samples hit every mode");
            Directory.GetFiles(artifacts, "*.zip").Should().HaveCount(12);
            foreach (var mixture in new[] { "ring", "grid" })
            {
                using var plot = Imaging.Pixels.Decode(Path.Combine(artifacts, $"{mixture}-scatter.png"));
                (plot.Width, plot.Height).Should().Be((3 * 360, 2 * 360), "six panels, three to a row");
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
