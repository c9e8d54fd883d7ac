using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// One direction of a fitted CycleGAN in the users' units: scales source-domain rows to [−1, 1] with the source's
/// scaling, runs the generator, and maps the result back with the target domain's scaling.
/// </summary>
internal sealed class ImageTranslator : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _generator;
    private readonly FeatureScaling _source;
    private readonly Tensor _targetHalfRange;
    private readonly Tensor _targetCenter;
    private readonly Device _device;

    public ImageTranslator(nn.Module<Tensor, Tensor> generator, FeatureScaling source, FeatureScaling target, Device device)
    {
        _generator = generator;
        _source = source;
        _device = device;
        generator.eval();
        var (halfRange, center) = target.ToTensors(device);
        _targetHalfRange = halfRange.DetachFromDisposeScope();
        _targetCenter = center.DetachFromDisposeScope();
    }

    /// <summary>Values per image.</summary>
    public int Length => _source.Dimension;

    /// <summary>Translates <paramref name="rows"/> (row-major, whole images) into <paramref name="output"/>.</summary>
    public void Translate(ReadOnlySpan<float> rows, Span<float> output)
    {
        var scaled = rows.ToArray();
        _source.ScaleInPlace(scaled);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(scaled, [scaled.Length / Length, Length]).to(_device);
        var translated = _generator.forward(input).mul(_targetHalfRange).add(_targetCenter, LossScalars.One).cpu();
        using var access = translated.data<float>();
        access.CopyTo(output);
    }

    public void Dispose()
    {
        _targetHalfRange.Dispose();
        _targetCenter.Dispose();
    }
}
