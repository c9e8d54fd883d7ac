using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// An exponential moving average of a network's weights (as used for GAN generators since Karras et al. and
/// Yazıcı et al.): a second instance of the network, <see cref="Shadow"/>, whose parameters follow
/// <c>ema ← decay · ema + (1 − decay) · θ</c> after every <see cref="Update()"/> and whose buffers (BatchNorm running
/// statistics, spectral-norm vectors) are copies of the source's. Generate with <see cref="Shadow"/>, or copy the
/// averaged state into another instance with <see cref="CopyTo"/>.
/// </summary>
/// <remarks>
/// The parameters and buffers are paired by position once, at construction, as the training session caches its
/// parameter arrays: build the average after moving the source to its device. The shadow is in evaluation mode, never
/// requires gradients, and is owned (disposed) by the average.
/// </remarks>
internal sealed class ExponentialMovingAverage<TModule> : IDisposable
    where TModule : nn.Module
{
    /// <summary>The default decay, an averaging horizon of about 1,000 generator steps.</summary>
    public const double DefaultDecay = 0.999;

    private readonly Tensor[] _sourceParameters;
    private readonly Tensor[] _shadowParameters;
    private readonly Tensor[] _sourceBuffers;
    private readonly Tensor[] _shadowBuffers;
    private Scalar _decayScalar;
    private Scalar _oneMinusDecayScalar;
    private double _scalarsDecay;

    /// <summary>
    /// Starts the average at <paramref name="source"/>'s current state, held in <paramref name="shadow"/> (a second
    /// instance of the same architecture, taken over by the average).
    /// </summary>
    public ExponentialMovingAverage(TModule source, TModule shadow, double decay = DefaultDecay)
    {
        CheckDecay(decay);
        Source = source;
        Shadow = shadow;
        Decay = decay;
        (_sourceParameters, _shadowParameters) = Pair(Parameters(source), Parameters(shadow), "parameter");
        (_sourceBuffers, _shadowBuffers) = Pair(Buffers(source), Buffers(shadow), "buffer");
        foreach (var parameter in shadow.parameters())
        {
            parameter.requires_grad = false;
        }

        shadow.eval();
        _scalarsDecay = decay;
        _decayScalar = decay.ToScalar();
        _oneMinusDecayScalar = (1 - decay).ToScalar();
        Reset();
    }

    /// <summary>The network being averaged.</summary>
    public TModule Source { get; }

    /// <summary>The network holding the averaged weights (evaluation mode); use it for generation.</summary>
    public TModule Shadow { get; }

    /// <summary>The decay <see cref="Update()"/> uses.</summary>
    public double Decay { get; }

    /// <summary>The number of updates since construction or the last <see cref="Reset"/>.</summary>
    public long Updates { get; private set; }

    /// <summary>Sets the average to the source's current state.</summary>
    public void Reset()
    {
        using var noGrad = no_grad();
        Copy(_sourceParameters, _shadowParameters);
        Copy(_sourceBuffers, _shadowBuffers);
        Updates = 0;
    }

    /// <summary>One step with <see cref="Decay"/>: run after each generator step.</summary>
    public void Update() => Update(Decay);

    /// <summary>
    /// One step: <c>ema ← decay · ema + (1 − decay) · θ</c> for every parameter, in place and without gradients, and the
    /// buffers copied. A decay of 0 makes the shadow an exact copy; 1 freezes it.
    /// </summary>
    public void Update(double decay)
    {
        CheckDecay(decay);
        if (decay != _scalarsDecay)
        {
            // Made once per distinct decay: a scalar per call would be left to the finalizer.
            _decayScalar.Dispose();
            _oneMinusDecayScalar.Dispose();
            _decayScalar = decay.ToScalar();
            _oneMinusDecayScalar = (1 - decay).ToScalar();
            _scalarsDecay = decay;
        }

        using var noGrad = no_grad();
        for (var i = 0; i < _sourceParameters.Length; i++)
        {
            _shadowParameters[i].mul_(_decayScalar).add_(_sourceParameters[i], _oneMinusDecayScalar);
        }

        Copy(_sourceBuffers, _shadowBuffers);
        Updates++;
    }

    /// <summary>
    /// Copies the averaged parameters and buffers into <paramref name="target"/>, another instance of the architecture
    /// (for saving, or for generating with a network the caller owns).
    /// </summary>
    public void CopyTo(TModule target)
    {
        var (averages, parameters) = Pair(Parameters(Shadow), Parameters(target), "parameter");
        var (averageBuffers, buffers) = Pair(Buffers(Shadow), Buffers(target), "buffer");
        using var noGrad = no_grad();
        Copy(averages, parameters);
        Copy(averageBuffers, buffers);
    }

    public void Dispose()
    {
        Shadow.Dispose();
        _decayScalar.Dispose();
        _oneMinusDecayScalar.Dispose();
    }

    private static void CheckDecay(double decay)
    {
        if (!(decay >= 0 && decay <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in [0, 1].");
        }
    }

    private static void Copy(Tensor[] from, Tensor[] to)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i].copy_(from[i]);
        }
    }

    private static (string Name, Tensor Tensor)[] Parameters(nn.Module module) =>
        module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToArray();

    private static (string Name, Tensor Tensor)[] Buffers(nn.Module module) =>
        module.named_buffers().Select(b => (b.name, b.buffer)).ToArray();

    // The two instances must have the same names and shapes in the same order.
    private static (Tensor[] Source, Tensor[] Target) Pair((string Name, Tensor Tensor)[] source, (string Name, Tensor Tensor)[] target, string kind)
    {
        if (source.Length != target.Length)
        {
            throw new ArgumentException($"The networks differ: {source.Length} vs {target.Length} {kind}s.");
        }

        for (var i = 0; i < source.Length; i++)
        {
            if (source[i].Name != target[i].Name || !source[i].Tensor.shape.SequenceEqual(target[i].Tensor.shape))
            {
                throw new ArgumentException(
                    $"The networks differ at {kind} {i}: '{source[i].Name}' [{string.Join(", ", source[i].Tensor.shape)}] vs " +
                    $"'{target[i].Name}' [{string.Join(", ", target[i].Tensor.shape)}].");
            }
        }

        return (source.Select(s => s.Tensor).ToArray(), target.Select(t => t.Tensor).ToArray());
    }
}
