using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.TestData;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>
/// Convolution gradients do not depend on what the heap held: every convolution path (the functions alone and each
/// network that convolves) is run after NaN-filled memory was freed, and its output and gradients are compared with the
/// same computation in float64 (which libtorch runs without oneDNN). On libtorch 2.10 with oneDNN's AVX-512 kernels the
/// unaligned channel counts read the freed NaN bytes; <see cref="Native.NanFillAllocatorTests"/> runs these tests again under an
/// allocator that fills all new memory with NaN bytes.
/// </summary>
[Trait("Category", Native.NanFillAllocatorTests.Category)]
public sealed class ConvolutionGradientTests
{
    // Float32 against float64, relative to the largest value (at least 1): one convolution sums up to a few thousand
    // products; a network's gradients pass through several, and through normalisations whose cancellations leave
    // float32 rounding in gradients that are zero in exact arithmetic (a bias before BatchNorm).
    private const double OperationTolerance = 1e-4;
    private const double NetworkTolerance = 1e-3;

    public static TheoryData<bool, int, int> Shapes()
    {
        var data = new TheoryData<bool, int, int>();
        foreach (var transposed in new[] { false, true })
        {
            foreach (var stride in new[] { 1, 2 })
            {
                foreach (var kernel in new[] { 3, 4, 7 })
                {
                    data.Add(transposed, stride, kernel);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Convolutions_of_any_channel_count_match_a_float64_reference(bool transposed, int stride, int kernel)
    {
        using var random = new Generator((ulong)((stride * 10) + kernel), CPU);
        foreach (var (inChannels, outChannels, side) in
            from i in new[] { 1, 3, 8, 16, 24 } from o in new[] { 1, 3, 8, 16, 17, 24 } from n in new[] { 9, 28 } select (i, o, n))
        {
            using var scope = NewDisposeScope();
            var padding = new long[] { kernel / 2, kernel / 2 };
            var strides = new long[] { stride, stride };
            var outputPadding = new long[] { stride - 1, stride - 1 };
            var dilation = new long[] { 1, 1 };
            var input = randn([4, inChannels, side, side], generator: random);
            var weight = randn(transposed ? [inChannels, outChannels, kernel, kernel] : [outChannels, inChannels, kernel, kernel], generator: random).mul(0.1);
            var bias = randn([outChannels], generator: random);
            var outputSide = transposed ? ((side - 1) * stride) - (2 * (kernel / 2)) + kernel + stride - 1 : ((side + (2 * (kernel / 2)) - kernel) / stride) + 1;
            var upstream = randn([4, outChannels, outputSide, outputSide], generator: random);

            var single = Gradients([input, weight, bias], upstream, p => transposed
                ? ChannelAlignedConvolution.ConvTranspose2d(p[0], p[1], p[2], strides, padding, outputPadding, dilation, groups: 1)
                : ChannelAlignedConvolution.Conv2d(p[0], p[1], p[2], strides, padding, dilation, groups: 1));
            var reference = Gradients([input, weight, bias], upstream, p => transposed
                ? nn.functional.conv_transpose2d(p[0], p[1], p[2], strides, padding, outputPadding, dilation)
                : nn.functional.conv2d(p[0], p[1], p[2], strides, padding, dilation), ScalarType.Float64);

            var what = $"{(transposed ? "conv_transpose2d" : "conv2d")} {inChannels}→{outChannels}, {side}×{side}, stride {stride}, kernel {kernel}";
            ShouldMatch(single, reference, ["output", "input gradient", "weight gradient", "bias gradient"], what);
        }
    }

    public static TheoryData<string> Networks() => new(NetworkCases.Keys);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_convolutional_network_gives_the_float64_gradients(string network)
    {
        using var scope = NewDisposeScope();
        var (create, inputDimension) = NetworkCases[network];
        using var single = create();
        using var reference = create();
        reference.to(ScalarType.Float64);
        using var random = new Generator(7, CPU);
        var input = ImageBatches.Blobs(8, 1, 28, random).narrow(1, 0, 784).repeat(1, (inputDimension / 784) + 1).narrow(1, 0, inputDimension)
            .add(randn(8, inputDimension, generator: random).mul(0.1)).contiguous();

        var (names, singleResult) = NetworkGradients(single, input, ScalarType.Float32);
        var (_, referenceResult) = NetworkGradients(reference, input, ScalarType.Float64);

        ShouldMatch(singleResult, referenceResult, names, network, NetworkTolerance);
    }

    // Seeded networks of every convolutional kind, at the widths the tests and the defaults use (unaligned ones included).
    private static readonly Dictionary<string, (Func<nn.Module<Tensor, Tensor>> Create, int InputDimension)> NetworkCases = new()
    {
        ["DCGAN generator, width 8"] = (() => Seeded(new DcganGenerator(16, 28, 1, baseWidth: 8)), 16),
        ["DCGAN generator, 3 channels, width 64"] = (() => Seeded(new DcganGenerator(16, 32, 3, baseWidth: 64)), 16),
        ["DCGAN discriminator, width 8"] = (() => Seeded(new DcganDiscriminator(28, 1, baseWidth: 8)), 784),
        ["DCGAN discriminator, width 64"] = (() => Seeded(new DcganDiscriminator(28, 1, baseWidth: 64)), 784),
        ["DCGAN discriminator, condition channel, spectral norm"] = (() => Seeded(new DcganDiscriminator(28, 2, baseWidth: 12, useBatchNorm: false, spectralNorm: true)), 2 * 784),
        ["CycleGAN ResNet generator"] = (() => Seeded(new ResnetGenerator(28, 1, baseWidth: 16, downsamplings: 2, residualBlocks: 1)), 784),
        ["CycleGAN PatchGAN discriminator"] = (() => Seeded(new PatchDiscriminator(28, 1, baseWidth: 16)), 784),
        ["Domain classifier CNN"] = (() => Seeded(new ClassifierFeatures(new DomainClassifierSettings(784, 10, 28, 1, 64, 32, "Features"))), 784),
    };

    private static nn.Module<Tensor, Tensor> Seeded(nn.Module<Tensor, Tensor> network)
    {
        using var random = new Generator(3, CPU);
        DcganLayers.Initialize(network, random);
        return network;
    }

    // The output, the input gradient and the gradient of every parameter the output depends on, with their names.
    private static (string[] Names, Tensor[] Values) NetworkGradients(nn.Module<Tensor, Tensor> network, Tensor input, ScalarType type)
    {
        var x = input.to_type(type).detach().requires_grad_(true);
        var output = network.forward(x);
        HeapGarbage.LeaveNaN();
        output.mul(output).sum().backward();
        var used = network.named_parameters().Where(p => p.parameter.grad is not null).ToArray();
        return (
            new[] { "output", "input gradient" }.Concat(used.Select(p => $"gradient of {p.name}")).ToArray(),
            new[] { output, x.grad! }.Concat(used.Select(p => p.parameter.grad!)).ToArray());
    }

    private static Tensor[] Gradients(Tensor[] values, Tensor upstream, Func<Tensor[], Tensor> function, ScalarType type = ScalarType.Float32)
    {
        var leaves = values.Select(v => v.to_type(type).detach().requires_grad_(true)).ToArray();
        var output = function(leaves);
        HeapGarbage.LeaveNaN();
        output.mul(upstream.to_type(type)).sum().backward();
        return new[] { output }.Concat(leaves.Select(l => l.grad!)).ToArray();
    }

    private static void ShouldMatch(Tensor[] single, Tensor[] reference, string[] names, string what, double tolerance = OperationTolerance)
    {
        for (var i = 0; i < single.Length; i++)
        {
            single[i].isfinite().all().item<bool>().Should().BeTrue($"the {names[i]} of {what} must be finite");
            var scale = Math.Max(1.0, reference[i].abs().max().item<double>());
            var error = single[i].to_type(ScalarType.Float64).sub(reference[i]).abs().max().item<double>();
            (error / scale).Should().BeLessThan(tolerance, $"the {names[i]} of {what} must equal the float64 computation");
        }
    }

    // The domain classifier's feature body as a single-output module, so the test drives it like the other networks.
    private sealed class ClassifierFeatures : nn.Module<Tensor, Tensor>
    {
        private readonly DomainClassifierNetwork _network;

        public ClassifierFeatures(DomainClassifierSettings settings)
            : base(nameof(ClassifierFeatures))
        {
            _network = settings.CreateNetwork();
            register_module("network", _network);
        }

        public override Tensor forward(Tensor input) => _network.forward(input).Features;
    }
}
