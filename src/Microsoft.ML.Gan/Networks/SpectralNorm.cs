using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Spectral normalisation (Miyato et al., 2018) of a <see cref="Conv2d"/> or <see cref="Linear"/> layer: the layer runs
/// with <c>W / σ(W)</c>, where σ(W), the largest singular value of the weight seen as a matrix of
/// <c>out_features</c> rows (a convolution's <c>(out, in, kh, kw)</c> weight reshaped to <c>(out, in·kh·kw)</c>), is
/// estimated by power iteration. Each forward pass in training mode takes one power-iteration step, updating the
/// persistent buffers <c>u</c> (length <c>out</c>) and <c>v</c> (length <c>in·kh·kw</c>) in place; in evaluation mode
/// they are left as they are. The estimate <c>σ = uᵀWv</c> uses <c>u</c> and <c>v</c> as constants, so gradients reach
/// the raw weight through both <c>W</c> and <c>σ</c>, as in the paper.
/// </summary>
/// <remarks>
/// TorchSharp has no spectral-norm utility. This wrapper keeps the layer as its child <c>module</c>, whose
/// <c>weight</c> parameter is the raw (unnormalised) weight the optimiser updates; the state dictionary holds
/// <c>module.weight</c>, <c>module.bias</c>, <c>u</c> and <c>v</c>.
/// </remarks>
internal sealed class SpectralNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Power-iteration steps run when the vectors are (re)drawn, as PyTorch's parametrisation does.</summary>
    public const int WarmUpIterations = 15;

    // F.normalize's guard against division by zero, as in PyTorch.
    private const double Epsilon = 1e-12;

    private readonly nn.Module<Tensor, Tensor> _layer;
    private readonly Conv2d? _conv;
    private readonly Linear? _linear;

    /// <summary>Wraps <paramref name="layer"/> (a <see cref="Conv2d"/> with zero padding, or a <see cref="Linear"/>); takes ownership of it.</summary>
    public SpectralNorm(nn.Module<Tensor, Tensor> layer, Generator? random = null)
        : base(nameof(SpectralNorm))
    {
        switch (layer)
        {
            case Conv2d conv when conv.padding is not null && conv.padding_mode == TorchSharp.PaddingModes.Zeros:
                _conv = conv;
                break;
            case Linear linear:
                _linear = linear;
                break;
            default:
                throw new ArgumentException($"Spectral normalisation supports Conv2d (zero padding) and Linear layers, not {layer.GetName()}.", nameof(layer));
        }

        _layer = layer;
        var weight = RawWeight;
        Rows = weight.size(0);
        Columns = weight.numel() / Rows;
        register_module("module", _layer);
        using (no_grad())
        {
            register_buffer("u", zeros(Rows, dtype: weight.dtype, device: weight.device).DetachFromDisposeScope());
            register_buffer("v", zeros(Columns, dtype: weight.dtype, device: weight.device).DetachFromDisposeScope());
        }

        // A fixed seed when none is given keeps construction deterministic (torch's global generator is never used);
        // DcganLayers.Initialize redraws the vectors from the training seed.
        if (random is null)
        {
            using var fixedRandom = new Generator(0);
            ResetVectors(fixedRandom);
        }
        else
        {
            ResetVectors(random);
        }
    }

    /// <summary>The wrapped layer; its <c>weight</c> is the raw weight.</summary>
    public nn.Module<Tensor, Tensor> Layer => _layer;

    /// <summary>Rows of the weight matrix (output features or channels).</summary>
    public long Rows { get; }

    /// <summary>Columns of the weight matrix (input features, or input channels × kernel area).</summary>
    public long Columns { get; }

    /// <summary>The left singular vector estimate, length <see cref="Rows"/> (a persistent buffer).</summary>
    public Tensor U => get_buffer("u")!;

    /// <summary>The right singular vector estimate, length <see cref="Columns"/> (a persistent buffer).</summary>
    public Tensor V => get_buffer("v")!;

    private Parameter RawWeight => _conv is not null ? _conv.weight : _linear!.weight;

    public override Tensor forward(Tensor input)
    {
        var weight = NormalizedWeight(update: training);
        return _conv is { } conv
            ? ChannelAlignedConvolution.Conv2d(input, weight, conv.bias, conv.stride, conv.padding!, conv.dilation, conv.groups)
            : nn.functional.linear(input, weight, _linear!.bias);
    }

    /// <summary>
    /// <c>W / σ(W)</c> with gradients to the raw weight; with <paramref name="update"/>, one power-iteration step first.
    /// </summary>
    public Tensor NormalizedWeight(bool update)
    {
        var weight = RawWeight;
        if (update)
        {
            PowerIteration(1);
        }

        return weight.div(Sigma(weight));
    }

    /// <summary>The current estimate <c>uᵀWv</c> of the largest singular value (no power-iteration step, no gradient).</summary>
    public Tensor EstimateSigma()
    {
        using var noGrad = no_grad();
        return Sigma(RawWeight);
    }

    /// <summary>Runs <paramref name="steps"/> power-iteration steps on the current raw weight, updating <c>u</c> and <c>v</c>.</summary>
    public void PowerIteration(int steps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var matrix = RawWeight.view(Rows, Columns);
        var u = U;
        var v = V;
        for (var step = 0; step < steps; step++)
        {
            // v ← Wᵀu / ‖Wᵀu‖, u ← Wv / ‖Wv‖
            v.copy_(nn.functional.normalize(matrix.t().mv(u), dim: 0, eps: Epsilon));
            u.copy_(nn.functional.normalize(matrix.mv(v), dim: 0, eps: Epsilon));
        }
    }

    /// <summary>
    /// Draws <c>u</c> and <c>v</c> afresh from <paramref name="random"/> (normalised Gaussians, drawn on the CPU) and runs
    /// <see cref="WarmUpIterations"/> power-iteration steps on the current weight.
    /// </summary>
    public void ResetVectors(Generator random)
    {
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            U.copy_(nn.functional.normalize(randn(Rows, dtype: U.dtype, generator: random), dim: 0, eps: Epsilon));
            V.copy_(nn.functional.normalize(randn(Columns, dtype: V.dtype, generator: random), dim: 0, eps: Epsilon));
        }

        PowerIteration(WarmUpIterations);
    }

    // σ = uᵀWv with u and v copied: constants for autograd, and safe from the next in-place update of the buffers.
    // matmul of two vectors, not dot: TorchSharp's dot reads .shape four times (native arrays left to the finalizer).
    private Tensor Sigma(Parameter weight)
    {
        Tensor u, v;
        using (no_grad())
        {
            u = U.clone();
            v = V.clone();
        }

        return u.matmul(weight.view(Rows, Columns).mv(v));
    }
}
