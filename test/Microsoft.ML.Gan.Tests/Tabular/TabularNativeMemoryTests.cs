using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Tabular;

/// <summary>
/// A tabular training step (Gumbel-softmax per categorical span, the conditional vector's cross-entropy, seeded
/// dropout in the packed critic, the gradient penalty) leaves almost nothing to the finalizer, like the other
/// trainers (see Training/NativeMemoryTests). Runs alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TabularNativeMemoryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)] // the generator's weight average updated after every step
    public void Tabular_training_steps_leave_at_most_a_few_objects_per_step_to_the_finalizer(double averaging)
    {
        var mlContext = new MLContext(seed: 1);
        var data = TinyTable.Load(mlContext);
        // 400 rows in batches of 50: 8 steps per epoch; 10 epochs against 20.
        const int Epochs = 10;
        const int StepsPerEpoch = 400 / 50;

        var (perStep, shorter, longer) = FinalizerQueue.PerStep(epochs =>
        {
            var options = TinyTable.Options(epochs);
            options.GeneratorAveraging = averaging;
            using var model = mlContext.Gan().Tabular(options).Fit(data);
        }, Epochs, expectedBelow: 6 * StepsPerEpoch);

        output.WriteLine($"{Epochs * StepsPerEpoch} steps left {shorter} objects, {2 * Epochs * StepsPerEpoch} left {longer}: {perStep / StepsPerEpoch:F2} per step");
        // Measured: 5.1 per step, 4 of them the pinned handle arrays autograd.grad leaves in the gradient penalty (as with
        // WGAN-GP in Training/NativeMemoryTests; they hold no native memory). Before, 97: adds without an explicit alpha
        // (each makes a Scalar), torch.cat and torch.stack (pinned handle arrays), Tensor.shape reads and TorchSharp's
        // BatchNorm module, per categorical span and per layer.
        (perStep / StepsPerEpoch).Should().BeLessThan(6);
    }
}
