using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The per-slot affine map from the user's units to [−1, 1] (the range of the generator's Tanh), learnt from the
/// training data's minimum and maximum, and its inverse for generated rows. A constant slot maps to 0 and back to its
/// constant.
/// </summary>
internal sealed class FeatureScaling
{
    public FeatureScaling(float[] center, float[] halfRange)
    {
        if (center.Length != halfRange.Length)
        {
            throw new ArgumentException("Center and half-range must have the same length.", nameof(halfRange));
        }

        Center = center;
        HalfRange = halfRange;
    }

    public float[] Center { get; }

    public float[] HalfRange { get; }

    public int Dimension => Center.Length;

    /// <summary>
    /// Per slot, or with <paramref name="shared"/> one range for all slots: images need one map for every pixel, since
    /// per-pixel ranges would stretch rarely inked pixels and leave constant borders at zero range.
    /// </summary>
    public static FeatureScaling FromRange(IReadOnlyList<double> minimum, IReadOnlyList<double> maximum, bool shared = false)
    {
        if (shared)
        {
            var low = System.Linq.Enumerable.Min(minimum);
            var high = System.Linq.Enumerable.Max(maximum);
            minimum = System.Linq.Enumerable.Repeat(low, minimum.Count).ToArray();
            maximum = System.Linq.Enumerable.Repeat(high, maximum.Count).ToArray();
        }

        var center = new float[minimum.Count];
        var halfRange = new float[minimum.Count];
        for (var slot = 0; slot < center.Length; slot++)
        {
            center[slot] = (float)((minimum[slot] + maximum[slot]) / 2);
            halfRange[slot] = (float)((maximum[slot] - minimum[slot]) / 2);
        }

        return new FeatureScaling(center, halfRange);
    }

    /// <summary>Scales row-major rows in place to [−1, 1].</summary>
    public void ScaleInPlace(Span<float> rows)
    {
        var dimension = Dimension;
        for (var offset = 0; offset < rows.Length; offset += dimension)
        {
            var row = rows.Slice(offset, dimension);
            for (var slot = 0; slot < dimension; slot++)
            {
                var half = HalfRange[slot];
                row[slot] = half > 0 ? (row[slot] - Center[slot]) / half : 0f;
            }
        }
    }

    /// <summary>The inverse map as two tensors on <paramref name="device"/>: <c>x = scaled · halfRange + center</c>.</summary>
    public (Tensor HalfRange, Tensor Center) ToTensors(Device device) =>
        (tensor(HalfRange, device: device), tensor(Center, device: device));
}
