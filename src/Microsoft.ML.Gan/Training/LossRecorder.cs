using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Keeps each step's loss on the device and reads them back in one transfer every <see cref="FlushInterval"/> steps
/// (and at the end of an epoch), so training never waits on the host per step. Sums are in double; the first non-finite
/// value is reported with its exact step.
/// </summary>
internal sealed class LossRecorder : IDisposable
{
    public const int FlushInterval = 256;

    private readonly string _name;
    private readonly bool _negate;
    private readonly List<Tensor> _pending = new(FlushInterval);
    private readonly List<int> _pendingSteps = new(FlushInterval);

    /// <param name="name">The loss's name in a divergence message.</param>
    /// <param name="negate">Record the negated value (the Wasserstein estimate is minus the critic's main loss).</param>
    public LossRecorder(string name, bool negate = false)
    {
        _name = name;
        _negate = negate;
    }

    public double Sum { get; private set; }

    public int Count { get; private set; }

    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Records a scalar loss of the step <paramref name="step"/> (from 1) of <paramref name="epoch"/>.</summary>
    public void Record(Tensor loss, int epoch, int step)
    {
        // Detached from the graph and from the step's dispose scope: it lives until the next flush.
        _pending.Add(loss.detach().DetachFromDisposeScope());
        _pendingSteps.Add(step);
        if (_pending.Count == FlushInterval)
        {
            Flush(epoch);
        }
    }

    /// <summary>Reads the pending values; throws <see cref="GanTrainingDivergedException"/> at the first non-finite one.</summary>
    public void Flush(int epoch)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        float[] values;
        using (var scope = NewDisposeScope())
        {
            values = TensorMemory.ToArray(stack(_pending).cpu().to(ScalarType.Float32).contiguous());
        }

        foreach (var tensor in _pending)
        {
            tensor.Dispose();
        }

        for (var i = 0; i < values.Length; i++)
        {
            double value = _negate ? -values[i] : values[i];
            if (!double.IsFinite(value))
            {
                var step = _pendingSteps[i];
                _pending.Clear();
                _pendingSteps.Clear();
                throw new GanTrainingDivergedException(epoch, step, _name, values[i]);
            }

            Sum += value;
        }

        Count += values.Length;
        _pending.Clear();
        _pendingSteps.Clear();
    }

    public void Reset() => Restore(0, 0);

    /// <summary>Continues an epoch interrupted by a checkpoint.</summary>
    public void Restore(double sum, int count)
    {
        Sum = sum;
        Count = count;
    }

    public void Dispose()
    {
        foreach (var tensor in _pending)
        {
            tensor.Dispose();
        }

        _pending.Clear();
    }
}
