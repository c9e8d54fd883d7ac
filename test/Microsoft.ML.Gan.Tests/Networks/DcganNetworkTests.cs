using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>The DCGAN generator and discriminator: shapes, the benchmark's B2 architecture, the fast forward pass, seeding, learning.</summary>
public sealed class DcganNetworkTests
{
    private readonly ITestOutputHelper _output;

    public DcganNetworkTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<int, int> SizesAndChannels() => new()
    {
        { 28, 1 }, { 28, 3 }, { 32, 1 }, { 32, 3 }, { 64, 1 }, { 64, 3 },
    };

    [Theory]
    [MemberData(nameof(SizesAndChannels))]
    public void Generator_maps_latent_vectors_to_flat_CHW_images_in_the_tanh_range(int size, int channels)
    {
        using var scope = NewDisposeScope();
        using var generator = new DcganGenerator(latentDimension: 16, imageSize: size, channels: channels, baseWidth: 8);
        using var random = new Generator(1);
        DcganLayers.Initialize(generator, random);
        var latent = randn(3, 16, generator: random);

        var rows = generator.forward(latent);
        var images = generator.ForwardImages(latent);

        rows.shape.Should().Equal(3, channels * size * size);
        generator.OutputDimension.Should().Be(channels * size * size);
        images.shape.Should().Equal(3, channels, size, size);
        rows.min().item<float>().Should().BeGreaterThanOrEqualTo(-1);
        rows.max().item<float>().Should().BeLessThanOrEqualTo(1);
        // Row index c·S·S + y·S + x holds pixel (c, y, x): the planar layout of ML.NET's ExtractPixels.
        var (c, y, x) = (channels - 1, size / 3, size - 2);
        rows[1, c * size * size + y * size + x].item<float>().Should().Be(images[1, c, y, x].item<float>());
    }

    [Theory]
    [MemberData(nameof(SizesAndChannels))]
    public void Discriminator_scores_each_flat_image_once(int size, int channels)
    {
        using var scope = NewDisposeScope();
        using var withBatchNorm = new DcganDiscriminator(size, channels, baseWidth: 8);
        using var withSpectralNorm = new DcganDiscriminator(size, channels, baseWidth: 8, useBatchNorm: false, spectralNorm: true);
        using var packed = new DcganDiscriminator(size, channels, baseWidth: 8, packSize: 2);
        using var random = new Generator(2);
        var rows = ImageBatches.Noise(4, channels, size, random);

        withBatchNorm.forward(rows).shape.Should().Equal(4);
        withSpectralNorm.forward(rows).shape.Should().Equal(4);
        packed.forward(rows).shape.Should().Equal(2);
        withBatchNorm.InputDimension.Should().Be(channels * size * size);
    }

    [Fact]
    public void The_28_pixel_generator_is_the_benchmarks_B2_generator()
    {
        using var generator = new DcganGenerator(latentDimension: 100, imageSize: 28, channels: 1, baseWidth: 64);

        // z=100 → Linear(100, 128·7·7) → BatchNorm1d → ReLU → (128,7,7) → ConvTranspose2d(128,64,4,2,1) → BatchNorm2d → ReLU
        // → ConvTranspose2d(64,1,4,2,1) → Tanh
        var layers = Layers(generator);
        layers.Select(l => l.Name).Should().Equal(
            "project", "project_norm", "project_act", "reshape", "upsample0", "norm0", "act0", "upsample1", "squash");
        var project = layers[0].Module.Should().BeOfType<Linear>().Subject;
        (project.in_features, project.out_features).Should().Be((100, 128 * 7 * 7));
        layers[1].Module.Should().BeOfType<BatchNorm1d>().Which.num_features.Should().Be(128 * 7 * 7);
        layers[2].Module.Should().BeOfType<ReLU>();
        layers[3].Module.Should().BeOfType<Unflatten>().Which.unflattened_size.Should().Equal(128, 7, 7);
        ShouldBeStride2Kernel4(layers[4].Module.Should().BeOfType<ConvTranspose2d>().Subject, 128, 64);
        layers[5].Module.Should().BeOfType<BatchNorm2d>().Which.num_features.Should().Be(64);
        layers[6].Module.Should().BeOfType<ReLU>();
        ShouldBeStride2Kernel4(layers[7].Module.Should().BeOfType<ConvTranspose2d>().Subject, 64, 1);
        layers[8].Module.Should().BeOfType<Tanh>();

        const long linear = 100 * 6272 + 6272;     // weight + bias
        const long norm1d = 2 * 6272;              // scale + shift
        const long deconv0 = 128 * 64 * 4 * 4 + 64;
        const long norm2d = 2 * 64;
        const long deconv1 = 64 * 1 * 4 * 4 + 1;
        DcganLayers.ParameterCount(generator).Should().Be(linear + norm1d + deconv0 + norm2d + deconv1).And.Be(778_305);
    }

    [Fact]
    public void The_28_pixel_discriminator_is_the_benchmarks_B2_discriminator()
    {
        using var discriminator = new DcganDiscriminator(imageSize: 28, channels: 1, baseWidth: 64);

        // Conv2d(1,64,4,2,1) → LeakyReLU(0.2) → Conv2d(64,128,4,2,1) → BatchNorm2d → LeakyReLU(0.2) → Flatten → Linear(128·7·7, 1)
        var layers = Layers(discriminator);
        layers.Select(l => l.Name).Should().Equal("downsample0", "act0", "downsample1", "norm1", "act1", "flatten", "output");
        ShouldBeStride2Kernel4(layers[0].Module.Should().BeOfType<Conv2d>().Subject, 1, 64);
        ShouldHaveSlope(layers[1].Module, 0.2);
        ShouldBeStride2Kernel4(layers[2].Module.Should().BeOfType<Conv2d>().Subject, 64, 128);
        layers[3].Module.Should().BeOfType<BatchNorm2d>().Which.num_features.Should().Be(128);
        ShouldHaveSlope(layers[4].Module, 0.2);
        layers[5].Module.Should().BeOfType<Flatten>();
        var output = layers[6].Module.Should().BeOfType<Linear>().Subject;
        (output.in_features, output.out_features).Should().Be((128 * 7 * 7, 1));

        const long conv0 = 64 * 1 * 4 * 4 + 64;
        const long conv1 = 128 * 64 * 4 * 4 + 128;
        const long norm = 2 * 128;
        const long linear = 6272 + 1;
        DcganLayers.ParameterCount(discriminator).Should().Be(conv0 + conv1 + norm + linear).And.Be(138_817);
    }

    [Theory]
    [InlineData(32, 4, 3)]
    [InlineData(64, 8, 4)]
    public void Larger_images_start_at_4x4_and_double_per_transposed_convolution(int size, int startWidthFactor, int upsamplings)
    {
        using var generator = new DcganGenerator(latentDimension: 10, imageSize: size, channels: 3, baseWidth: 4);
        using var discriminator = new DcganDiscriminator(size, channels: 3, baseWidth: 4);

        Layers(generator).Should().ContainSingle(l => l.Name == "reshape")
            .Which.Module.Should().BeOfType<Unflatten>().Which.unflattened_size.Should().Equal(4 * startWidthFactor, 4, 4);
        Layers(generator).Count(l => l.Module is ConvTranspose2d).Should().Be(upsamplings);
        Layers(discriminator).Count(l => l.Module is Conv2d).Should().Be(upsamplings);
        Layers(discriminator).Single(l => l.Name == "output").Module.Should().BeOfType<Linear>()
            .Which.in_features.Should().Be(4 * startWidthFactor * 4 * 4);
    }

    [Fact]
    public void Discriminator_options_are_checked()
    {
        var both = () => new DcganDiscriminator(28, 1, useBatchNorm: true, spectralNorm: true);
        var size = () => new DcganGenerator(8, imageSize: 48, channels: 1);

        both.Should().Throw<ArgumentException>().WithMessage("Spectral normalisation replaces BatchNorm*");
        size.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*28, 32, 64 pixels*");
    }

    [Fact]
    public void Discriminator_rejects_rows_of_the_wrong_length()
    {
        using var discriminator = new DcganDiscriminator(28, 1, baseWidth: 4);
        using var rows = zeros(2, 28 * 28 * 3);

        var score = () => discriminator.forward(rows);

        score.Should().Throw<ArgumentException>().WithMessage("The discriminator takes rows of 784 values (1×28×28 images).*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_fast_forward_pass_equals_the_TorchSharp_modules_forward_pass(bool training)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(3);
        using var fast = new DcganGenerator(8, 32, 3, baseWidth: 4);
        using var reference = new DcganGenerator(8, 32, 3, baseWidth: 4);
        using var critic = new DcganDiscriminator(32, 3, baseWidth: 4);
        DcganLayers.Initialize(fast, random);
        DcganLayers.Initialize(critic, random);
        CopyState(fast, reference);
        fast.train(training);
        reference.train(training);
        critic.train(training);
        var latent = randn(5, 8, generator: random);

        var images = fast.forward(latent);
        var expected = LayersModule(reference).forward(latent).flatten(1);
        var scores = critic.forward(images);
        var expectedScores = LayersModule(critic).forward(images.view(5, 3, 32, 32)).squeeze(1);

        // Equal up to float32 rounding: the fast pass convolves with channels aligned to oneDNN's block
        // (ChannelAlignedConvolution), which sums in another order than the modules' unaligned kernels.
        images.sub(expected).abs().max().item<float>().Should().BeLessThan(1e-6f);
        scores.sub(expectedScores).abs().max().item<float>().Should().BeLessThan(1e-5f);
        // The same BatchNorm side effects: running statistics and batch counts (the counts move only in training).
        foreach (var (name, tensor) in reference.state_dict())
        {
            var actual = fast.state_dict()[name];
            actual.shape.Should().Equal(tensor.shape, name);
            (actual.dtype == ScalarType.Int64 ? Tensors.Identical(actual, tensor) : actual.sub(tensor).abs().max().item<float>() < 1e-6f).Should().BeTrue(name);
        }

        fast.state_dict()["layers.norm0.num_batches_tracked"].item<long>().Should().Be(training ? 1 : 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        using var first = new DcganDiscriminator(32, 3, baseWidth: 8, useBatchNorm: false, spectralNorm: true);
        using var second = new DcganDiscriminator(32, 3, baseWidth: 8, useBatchNorm: false, spectralNorm: true);
        using var other = new DcganDiscriminator(32, 3, baseWidth: 8, useBatchNorm: false, spectralNorm: true);
        using var g1 = new DcganGenerator(16, 32, 3, baseWidth: 8);
        using var g2 = new DcganGenerator(16, 32, 3, baseWidth: 8);
        using (var random = new Generator(42))
        {
            DcganLayers.Initialize(first, random);
            DcganLayers.Initialize(g1, random);
        }

        using (var random = new Generator(42))
        {
            DcganLayers.Initialize(second, random);
            DcganLayers.Initialize(g2, random);
        }

        using (var random = new Generator(43))
        {
            DcganLayers.Initialize(other, random);
        }

        StatesEqual(first, second).Should().BeTrue();
        StatesEqual(g1, g2).Should().BeTrue();
        var firstState = first.state_dict();
        var otherState = other.state_dict();
        foreach (var name in new[] { "layers.downsample0.module.weight", "layers.output.module.weight", "layers.downsample1.u", "layers.downsample1.v" })
        {
            Tensors.Identical(firstState[name], otherState[name]).Should().BeFalse(name);
        }
    }

    [Fact]
    public void Initialisation_follows_DCGAN()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcganGenerator(100, 28, 1, baseWidth: 64);
        using var random = new Generator(5);
        DcganLayers.Initialize(generator, random);
        var state = generator.state_dict();

        foreach (var name in new[] { "layers.project.weight", "layers.upsample0.weight" })
        {
            state[name].mean().item<float>().Should().BeApproximately(0, 0.001f, name);
            state[name].std().item<float>().Should().BeApproximately(0.02f, 0.0005f, name);
        }

        state["layers.project_norm.weight"].mean().item<float>().Should().BeApproximately(1, 0.002f);
        state["layers.project_norm.weight"].std().item<float>().Should().BeApproximately(0.02f, 0.001f);
        foreach (var name in new[] { "layers.project.bias", "layers.project_norm.bias", "layers.upsample0.bias", "layers.upsample1.bias" })
        {
            state[name].abs().max().item<float>().Should().Be(0, name);
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_few_training_steps_reduce_the_discriminators_loss_on_real_versus_noise(bool batchNorm, bool spectralNorm)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(11);
        using var discriminator = new DcganDiscriminator(28, 1, baseWidth: 64, useBatchNorm: batchNorm, spectralNorm: spectralNorm);
        DcganLayers.Initialize(discriminator, random);
        using var optimizer = new AdamOptimizer(discriminator.parameters(), 2e-4, 0.5, 0.999);
        using var loss = new MinimaxLoss();
        var realTest = ImageBatches.Blobs(32, 1, 28, random);
        var noiseTest = ImageBatches.Noise(32, 1, 28, random);
        discriminator.train();

        var before = Loss(discriminator, loss, realTest, noiseTest);
        for (var step = 0; step < 15; step++)
        {
            using var stepScope = NewDisposeScope();
            var real = ImageBatches.Blobs(32, 1, 28, random);
            var noise = ImageBatches.Noise(32, 1, 28, random);
            var scores = discriminator.forward(cat([real, noise], 0));
            var bce = loss.DiscriminatorLoss(scores.narrow(0, 0, 32), scores.narrow(0, 32, 32));
            optimizer.ZeroGrad();
            bce.backward();
            optimizer.Step();
        }

        var after = Loss(discriminator, loss, realTest, noiseTest);

        _output.WriteLine($"BatchNorm {batchNorm}, spectral norm {spectralNorm}: BCE {before:F3} → {after:F3}");
        after.Should().BeLessThan(before / 2, $"BCE went from {before:F3} to {after:F3}");
    }

    internal static List<(string Name, nn.Module Module)> Layers(nn.Module network) =>
        LayersModule(network).named_children().Select(c => (c.name, c.module)).ToList();

    internal static nn.Module<Tensor, Tensor> LayersModule(nn.Module network) =>
        (nn.Module<Tensor, Tensor>)network.named_children().Single(c => c.name == "layers").module;

    internal static void CopyState(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        var source = from.state_dict();
        foreach (var (name, tensor) in to.state_dict())
        {
            tensor.copy_(source[name]);
        }
    }

    internal static bool StatesEqual(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        return a.state_dict().All(entry => Tensors.Identical(entry.Value, other[entry.Key]));
    }

    private static double Loss(DcganDiscriminator discriminator, AdversarialLoss loss, Tensor real, Tensor noise)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = discriminator.forward(cat([real, noise], 0));
        return loss.DiscriminatorLoss(scores.narrow(0, 0, real.size(0)), scores.narrow(0, real.size(0), noise.size(0))).item<float>();
    }

    private static void ShouldBeStride2Kernel4(Convolution convolution, long inputs, long outputs)
    {
        (convolution.in_channels, convolution.out_channels).Should().Be((inputs, outputs));
        convolution.kernel_size.Should().Equal(4, 4);
        convolution.stride.Should().Equal(2, 2);
        convolution.padding.Should().Equal(1, 1);
        convolution.bias.Should().NotBeNull();
    }

    private static void ShouldHaveSlope(nn.Module module, double slope)
    {
        using var scope = NewDisposeScope();
        var activation = module.Should().BeOfType<LeakyRelu>().Subject;
        activation.forward(tensor(new[] { -1f, 2f })).data<float>().ToArray().Should().Equal((float)-slope, 2f);
    }
}
