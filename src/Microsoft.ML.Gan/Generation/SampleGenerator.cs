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

    public SampleGenerator(nn.Module<Tensor, Tensor> network, FeatureScaling scaling, int latentDimension, Device device, int conditionDimension = 0)
    {
        ConditionDimension = conditionDimension;
        _network = network;
        _network.eval();
        _device = device;
        (_halfRange, _center) = scaling.ToTensors(device);
        LatentDimension = latentDimension;
        OutputDimension = scaling.Dimension;
    }

    public int LatentDimension { get; }

    public int OutputDimension { get; }

    /// <summary>The width of the condition each row needs (0 for an unconditional generator).</summary>
    public int ConditionDimension { get; }

    /// <summary>Writes rows with keys <c>firstKey … firstKey + count − 1</c> of the stream <paramref name="seed"/>, row-major.</summary>
    public void Generate(long seed, long firstKey, int count, Span<float> destination, double? truncation = null) =>
        Generate(seed, firstKey, count, ReadOnlySpan<float>.Empty, destination, truncation);

    /// <summary>
    /// As the other overload, for a conditional generator: <paramref name="conditions"/> holds each row's condition
    /// (<see cref="ConditionDimension"/> values per row, row-major), joined after its latent vector. With
    /// <paramref name="truncation"/> the latent vectors are truncated (<see cref="LatentSampler.Fill"/>).
    /// </summary>
    public void Generate(long seed, long firstKey, int count, ReadOnlySpan<float> conditions, Span<float> destination, double? truncation = null)
    {
        if (conditions.Length != count * ConditionDimension)
        {
            throw new ArgumentException($"{count} rows need {count * ConditionDimension} condition values; got {conditions.Length}.", nameof(conditions));
        }

        var inputDimension = LatentDimension + ConditionDimension;
        var latentLength = count * inputDimension;
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
                LatentSampler.Fill(seed, firstKey + row, _latent.AsSpan(row * inputDimension, LatentDimension), truncation);
                conditions.Slice(row * ConditionDimension, ConditionDimension).CopyTo(_latent.AsSpan((row * inputDimension) + LatentDimension, ConditionDimension));
            }

            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var latent = empty(count, inputDimension);
            TensorMemory.CopyFrom(_latent.AsSpan(0, latentLength), latent);
            var rows = _network.forward(latent.to(_device)).mul_(_halfRange).add_(_center, LossScalars.One).cpu().contiguous();
            TensorMemory.CopyTo(rows, destination[..outputLength]);
        }
    }

    public void Dispose()
    {
        _halfRange.Dispose();
        _center.Dispose();
    }
}
