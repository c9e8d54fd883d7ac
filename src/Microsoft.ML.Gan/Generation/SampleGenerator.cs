using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Runs the trained generator for generation: latent vectors from <see cref="LatentSampler"/>, one batched forward pass
/// in inference mode, and the inverse scaling back to the user's units. Thread-safe. The network belongs to the
/// <see cref="GanModel"/>; this class owns only its scaling tensors.
/// </summary>
internal sealed class SampleGenerator : IDisposable
{
    /// <summary>Rows generated per forward pass when the row keys are consecutive positions.</summary>
    public const int BlockRows = 256;

    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Tensor _halfRange;
    private readonly Tensor _center;
    private readonly Device _device;
    private readonly object _gate = new();
    private float[] _latent = [];

    public SampleGenerator(nn.Module<Tensor, Tensor> network, FeatureScaling scaling, int latentDimension, Device device)
    {
        _network = network;
        _network.eval();
        _device = device;
        (_halfRange, _center) = scaling.ToTensors(device);
        LatentDimension = latentDimension;
        OutputDimension = scaling.Dimension;
    }

    public int LatentDimension { get; }

    public int OutputDimension { get; }

    /// <summary>Writes rows with keys <c>firstKey … firstKey + count − 1</c> of the stream <paramref name="seed"/>, row-major.</summary>
    public void Generate(long seed, long firstKey, int count, Span<float> destination)
    {
        var latentLength = count * LatentDimension;
        var outputLength = count * OutputDimension;
        if (destination.Length < outputLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; {outputLength} are needed.", nameof(destination));
        }

        lock (_gate)
        {
            if (_latent.Length < latentLength)
            {
                _latent = new float[latentLength];
            }

            for (var row = 0; row < count; row++)
            {
                LatentSampler.Fill(seed, firstKey + row, _latent.AsSpan(row * LatentDimension, LatentDimension));
            }

            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var latent = empty(count, LatentDimension);
            TensorMemory.CopyFrom(_latent.AsSpan(0, latentLength), latent);
            var rows = _network.forward(latent.to(_device)).mul_(_halfRange).add_(_center).cpu().contiguous();
            TensorMemory.CopyTo(rows, destination[..outputLength]);
        }
    }

    public void Dispose()
    {
        _halfRange.Dispose();
        _center.Dispose();
    }
}
