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
        const int Steps = 60;
        var mlContext = new MLContext(seed: 1);
        var digits = new CycleGanDigits(mlContext, perDomain: 960, heldOut: 0);
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

        // One epoch of `steps` steps: what a session and an epoch add once (setup, shuffles, one loss read-back per
        // recorder) cancels in the difference between an epoch of 60 steps and one of 120 (strays from other threads
        // can add up to about 35 objects to a window, so the difference needs that many steps to stay well under the bound).
        void TrainOneEpoch(int steps)
        {
            var rows = steps * options.BatchSize;
            var a = Read(CycleGanDigits.View(mlContext, digits.A[..rows]));
            var b = Read(CycleGanDigits.View(mlContext, digits.B[..rows]));
            using var session = new CycleGanTrainingSession(settings, options, a, b, seed: 1, CPU);
            session.Train(channel, CancellationToken.None);
        }

        var (perStep, shorter, longer) = FinalizerQueue.PerStep(TrainOneEpoch, Steps, expectedBelow: 1.5);

        _output.WriteLine($"{Steps} steps left {shorter} objects, {2 * Steps} steps {longer}: {perStep:F2} per step");
        perStep.Should().BeLessThan(1.5);
    }

    private static FeatureMatrix Read(IDataView view) => FeatureMatrix.Read(view, view.Schema["Features"], CancellationToken.None);
}
