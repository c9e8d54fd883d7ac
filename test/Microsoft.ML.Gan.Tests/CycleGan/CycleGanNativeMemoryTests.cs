using System.Threading;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using Microsoft.ML.Runtime;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.CycleGan;

/// <summary>
/// A CycleGAN training step (four networks with instance normalisation, the pools, both optimisers) leaves almost nothing
/// to the finalizer, like the DCGAN steps (docs/TRAINING.md). Run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CycleGanNativeMemoryTests
{
    private readonly ITestOutputHelper _output;

    public CycleGanNativeMemoryTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void CycleGAN_training_steps_leave_at_most_a_few_objects_per_step_to_the_finalizer()
    {
        var mlContext = new MLContext(seed: 1);
        var digits = new CycleGanDigits(mlContext, perDomain: 240, heldOut: 0);
        var a = Read(CycleGanDigits.View(mlContext, digits.A));
        var b = Read(CycleGanDigits.View(mlContext, digits.B));
        var options = CycleGanDigits.TinyOptions(epochs: 1);
        options.IdentityWeight = 0.5;
        var settings = new CycleGanSettings
        {
            FeatureColumnName = "Features",
            TranslatedToBColumnName = "TranslatedToB",
            ImageSize = 28,
            ImageChannels = 1,
            GeneratorWidth = options.GeneratorWidth,
            GeneratorDownsamplings = options.GeneratorDownsamplings,
            ResidualBlocks = options.ResidualBlocks,
            DiscriminatorWidth = options.DiscriminatorWidth,
            Loss = options.Loss,
        };
        using var channel = ((IHostEnvironment)mlContext).Register("test").Start("test");
        using var session = new CycleGanTrainingSession(settings, options, a, b, seed: 1, CPU);
        // One long epoch: what an epoch adds once (its shuffles, one loss read-back per recorder) is not a per-step cost.
        const int steps = 240 / 8;

        var pending = FinalizerQueue.CountLeftBy(() => session.Train(channel, CancellationToken.None));

        _output.WriteLine($"{pending} objects for {steps} steps ({(double)pending / steps:F2} per step)");
        ((double)pending / steps).Should().BeLessThan(1.5);
    }

    private static FeatureMatrix Read(IDataView view) => FeatureMatrix.Read(view, view.Schema["Features"], CancellationToken.None);
}
