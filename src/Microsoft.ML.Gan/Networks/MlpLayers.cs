using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Microsoft.ML.Gan;

/// <summary>Builds the linear/activation stacks shared by the MLP generator and discriminator, and seeds their weights.</summary>
internal static class MlpLayers
{
    /// <summary>Linear + activation per hidden width, then a linear output layer unless <paramref name="outputs"/> is null.</summary>
    public static Sequential Stack(int inputs, IReadOnlyList<int> hidden, int? outputs, GanActivation activation, double leakySlope)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", Linear(width, hidden[i])));
            layers.Add(($"activation{i}", Activation(activation, leakySlope)));
            width = hidden[i];
        }

        if (outputs is int count)
        {
            layers.Add(("output", Linear(width, count)));
        }

        return Sequential(layers);
    }

    /// <summary>The module of <paramref name="activation"/>; also the packed discriminator's activation after its shared row layer.</summary>
    public static Module<Tensor, Tensor> Activation(GanActivation activation, double leakySlope) => activation switch
    {
        GanActivation.Relu => ReLU(),
        GanActivation.LeakyRelu => new LeakyRelu(leakySlope),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>
    /// PyTorch's default Linear (and Conv2d) initialisation, U(−1/√fan_in, 1/√fan_in) for weights and biases, drawn from
    /// <paramref name="random"/> so that a seed reproduces the weights without touching torch's global generator.
    /// </summary>
    public static void InitializeLinearLayers(Module module, Generator random)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            var (weight, bias, fanIn) = child switch
            {
                Linear linear => (linear.weight, linear.bias, linear.in_features),
                Conv2d conv => (conv.weight, conv.bias, conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]),
                _ => (null, null, 0L),
            };
            if (weight is null)
            {
                continue;
            }

            var bound = 1.0 / Math.Sqrt(fanIn);
            FillUniform(weight, bound, random);
            if (bias is not null)
            {
                FillUniform(bias, bound, random);
            }
        }
    }

    // TorchSharp 0.107's init.uniform_ ignores its generator argument (measured), so draw with rand, which honours it.
    private static void FillUniform(Tensor parameter, double bound, Generator random)
    {
        using var scope = NewDisposeScope();
        parameter.copy_(rand(parameter.shape, dtype: parameter.dtype, device: parameter.device, generator: random) * (2 * bound) - bound);
    }
}
