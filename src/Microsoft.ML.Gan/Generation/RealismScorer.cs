using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Scores rows with the trained discriminator: the row is scaled like the training data and D's raw output (a logit, or a
/// critic value for the Wasserstein losses) is returned; higher means more real. With packing the row fills a whole pack
/// (copies of itself), since D judges packs. A conditional D judges a row with its condition, joined after it as in
/// training. Thread-safe; the network belongs to the <see cref="GanModel"/>.
/// </summary>
internal sealed class RealismScorer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _discriminator;
    private readonly Device _device;
    private readonly Tensor _center;
    private readonly Tensor _halfRange;
    private readonly int _packSize;
    private readonly object _gate = new();

    public RealismScorer(GanModel model)
    {
        _discriminator = model.Discriminator;
        _device = model.Device;
        _packSize = model.Settings.PackSize;
        Dimension = model.Settings.FeatureDimension;
        ConditionDimension = model.Settings.ConditionDimension;
        // A constant slot (half-range 0) was 0 in training, where every row held the centre: divide by 1 there.
        var halfRange = Array.ConvertAll(model.Scaling.HalfRange, h => h > 0 ? h : 1f);
        _center = tensor(model.Scaling.Center, device: _device).DetachFromDisposeScope();
        _halfRange = tensor(halfRange, device: _device).DetachFromDisposeScope();
    }

    public int Dimension { get; }

    /// <summary>The width of the condition D reads after each row (0 for an unconditional D).</summary>
    public int ConditionDimension { get; }

    public float Score(ReadOnlySpan<float> row)
    {
        if (row.Length != Dimension)
        {
            throw new ArgumentException($"The row has {row.Length} slots; the model was trained on {Dimension}.", nameof(row));
        }

        Span<float> score = stackalloc float[1];
        Score(row, 1, score);
        return score[0];
    }

    /// <summary>Scores <paramref name="count"/> rows (row-major in <paramref name="rows"/>) in one forward pass.</summary>
    public void Score(ReadOnlySpan<float> rows, int count, Span<float> scores) => Score(rows, ReadOnlySpan<float>.Empty, count, scores);

    /// <summary>
    /// As the other overload, for a conditional D: <paramref name="conditions"/> holds each row's condition
    /// (<see cref="ConditionDimension"/> values per row, row-major).
    /// </summary>
    public void Score(ReadOnlySpan<float> rows, ReadOnlySpan<float> conditions, int count, Span<float> scores)
    {
        if (conditions.Length != count * ConditionDimension)
        {
            throw new ArgumentException($"{count} rows need {count * ConditionDimension} condition values; got {conditions.Length}.", nameof(conditions));
        }

        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var input = empty(count, Dimension);
            TensorMemory.CopyFrom(rows[..(count * Dimension)], input);

            var scaled = input.to(_device).sub_(_center).div_(_halfRange);
            Tensor judged;
            if (ConditionDimension > 0)
            {
                var condition = empty(count, ConditionDimension);
                TensorMemory.CopyFrom(conditions, condition);
                judged = empty(count, Dimension + ConditionDimension, device: _device);
                TensorMemory.WriteColumns(judged, scaled, condition.to(_device));
            }
            else
            {
                judged = _packSize == 1 ? scaled : scaled.unsqueeze(1).expand(count, _packSize, Dimension).reshape(count * _packSize, Dimension);
            }

            _discriminator.eval();
            TensorMemory.CopyTo(_discriminator.forward(judged).cpu().contiguous(), scores[..count]);
        }
    }

    public void Dispose()
    {
        _center.Dispose();
        _halfRange.Dispose();
    }
}
