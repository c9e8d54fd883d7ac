using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.Imaging;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>The samples app's <c>fid</c> command, which the FID benchmark runs beside SciPy.</summary>
public sealed class FidCommandTests
{
    [Fact]
    public void The_fid_command_reads_raw_float32_files_and_prints_the_library_value()
    {
        using var folder = new TempFolder();
        var real = FeatureData.Gaussian(50, 4, 0, seed: 1);
        var generated = FeatureData.Gaussian(60, 4, 0.5, seed: 2);
        File.WriteAllBytes(folder.File("real.f32"), MemoryMarshal.AsBytes(real.AsSpan()).ToArray());
        File.WriteAllBytes(folder.File("generated.f32"), MemoryMarshal.AsBytes(generated.AsSpan()).ToArray());
        var mlContext = new MLContext(seed: 1);
        var expected = mlContext.Gan().ComputeFrechetDistance(FeatureData.View(mlContext, real, 4), FeatureData.View(mlContext, generated, 4)).Value;

        var (exitCode, output) = SamplesApp.Run("fid", "--real", folder.File("real.f32"), "--generated", folder.File("generated.f32"), "--dimension", "4");

        exitCode.Should().Be(0, output);
        var printed = Regex.Match(output, @"FID (\S+) \(offset: 0; 50 real, 60 generated, 4 features\)");
        printed.Success.Should().BeTrue(output);
        double.Parse(printed.Groups[1].Value, CultureInfo.InvariantCulture).Should().Be(expected);
        output.Should().Contain("Frechet distance: ");
    }
}
