using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>
/// The DCGAN networks, spectral normalisation and the weight average leave (almost) nothing to the finalizer per training
/// step; TorchSharp's own convolution and BatchNorm modules would leave several per layer (docs/TRAINING.md). Run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DcganNativeMemoryTests
{
    private readonly ITestOutputHelper _output;

    public DcganNativeMemoryTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void DCGAN_training_steps_leave_at_most_a_few_objects_per_step_to_the_finalizer(bool batchNorm, bool spectralNorm)
    {
        const int steps = 60;
        const int batch = 16;
        using var random = new Generator(1);
        using var generator = new DcganGenerator(8, 28, 1, baseWidth: 8);
        using var discriminator = new DcganDiscriminator(28, 1, baseWidth: 8, useBatchNorm: batchNorm, spectralNorm: spectralNorm);
        DcganLayers.Initialize(generator, random);
        DcganLayers.Initialize(discriminator, random);
        using var average = new ExponentialMovingAverage<DcganGenerator>(generator, new DcganGenerator(8, 28, 1, baseWidth: 8));
        using var generatorOptimizer = new AdamOptimizer(generator.parameters(), 2e-4, 0.5, 0.999);
        using var discriminatorOptimizer = new AdamOptimizer(discriminator.parameters(), 2e-4, 0.5, 0.999);
        using var loss = new NonSaturatingLoss();
        using var real = ImageBatches.Blobs(batch, 1, 28, random);
        generator.train();
        discriminator.train();

        var pending = FinalizerQueue.CountLeftBy(() =>
        {
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                Tensor fake;
                using (no_grad())
                {
                    fake = generator.forward(randn(batch, 8, generator: random));
                }

                var scores = discriminator.forward(cat([real, fake], 0));
                var discriminatorLoss = loss.DiscriminatorLoss(scores.narrow(0, 0, batch), scores.narrow(0, batch, batch));
                discriminatorOptimizer.ZeroGrad();
                discriminatorLoss.backward();
                discriminatorOptimizer.Step();

                var generatorLoss = loss.GeneratorLoss(discriminator.forward(generator.forward(randn(batch, 8, generator: random))));
                generatorOptimizer.ZeroGrad();
                generatorLoss.backward();
                generatorOptimizer.Step();
                average.Update();
            }
        });

        _output.WriteLine($"BatchNorm {batchNorm}, spectral norm {spectralNorm}: {pending} objects for {steps} steps ({(double)pending / steps:F2} per step)");
        // Measured: 1.00 per step over 90 steps (cat's handle array), plus up to about 15 once. Through TorchSharp's
        // Conv2d, ConvTranspose2d and BatchNorm modules (2 objects per call each) the same step left about 28 more, and
        // spectral normalisation with Tensor.dot (4 shape reads per call) another 4 per layer and forward pass.
        ((double)pending / steps).Should().BeLessThan(1.5);
    }
}
