using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary><c>mlContext.Gan().Fit(data)</c> with no options learns a simple curve, as the README promises.</summary>
public sealed class DefaultOptionsTests
{
    private readonly ITestOutputHelper _output;

    public DefaultOptionsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Defaults_learn_the_parabola_of_the_quick_start()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 2000).Select(_ =>
        {
            var x = (float)(random.NextDouble() * 4 - 2);
            return new Vector2Row { Features = [x, x * x + 0.1f * (float)random.NextDouble()] };
        }).ToArray();

        using var model = mlContext.Gan().Fit(mlContext.Data.LoadFromEnumerable(rows));
        var generated = GeneratedRows.Read(model.Generate(1000, seed: 7), "Features");

        // Distance from the curve y = x² + 0.05 (the noise's mean), and coverage of x ∈ [−2, 2].
        var errors = generated.Select(p => Math.Abs(p[1] - (p[0] * p[0] + 0.05))).OrderBy(e => e).ToArray();
        var medianError = errors[errors.Length / 2];
        var xs = generated.Select(p => p[0]).ToArray();
        _output.WriteLine($"median |y − x²| {medianError:F3}, x range [{xs.Min():F2}, {xs.Max():F2}], epochs {model.TrainingHistory.Count}");

        model.TrainingHistory.Should().HaveCount(GanTrainer.Defaults.Epochs);
        medianError.Should().BeLessThan(0.25);
        xs.Count(x => x < -1).Should().BeGreaterThan(100);
        xs.Count(x => x > 1).Should().BeGreaterThan(100);
    }
}
