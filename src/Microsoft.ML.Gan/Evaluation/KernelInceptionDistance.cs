using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The kernel inception distance (Bińkowski et al. 2018) as torch-fidelity computes it: the unbiased MMD² with the cubic
/// polynomial kernel k(x, y) = (x·y / d + 1)³ on random subsets drawn without replacement from each side, averaged over
/// the subsets (mean and population standard deviation).
/// </summary>
internal static class KernelInceptionDistance
{
    public static (double Mean, double StandardDeviation, int SubsetSize) Compute(
        FeatureMatrix real, FeatureMatrix generated, int subsets, int subsetSize, Random random)
    {
        // torch-fidelity refuses subsets larger than a side; taking the whole smaller side is the useful reading.
        var size = Math.Min(subsetSize, Math.Min(real.Rows, generated.Rows));
        if (size < 2)
        {
            throw new InvalidOperationException("KID needs at least 2 real and 2 generated feature vectors.");
        }

        using var scope = NewDisposeScope();
        var realFeatures = FeatureStatistics.FloatMatrix(real.Span, real.Rows, real.Dimension).to(float64);
        var generatedFeatures = FeatureStatistics.FloatMatrix(generated.Span, generated.Rows, generated.Dimension).to(float64);
        using var dimension = ((double)real.Dimension).ToScalar();
        using var one = 1.0.ToScalar();
        using var three = 3.0.ToScalar();
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            using var subsetScope = NewDisposeScope();
            var x = realFeatures.index_select(0, Sample(random, real.Rows, size));
            var y = generatedFeatures.index_select(0, Sample(random, generated.Rows, size));
            Tensor Kernel(Tensor a, Tensor b) => a.mm(b.t()).div_(dimension).add_(one, one).pow_(three);
            var kxx = Kernel(x, x);
            var kyy = Kernel(y, y);
            var kxy = Kernel(x, y);
            // Off-diagonal sums of K_XX and K_YY over m(m − 1), minus twice the mean of K_XY.
            var offDiagonal = kxx.sum().item<double>() - kxx.trace().item<double>() + kyy.sum().item<double>() - kyy.trace().item<double>();
            values[s] = (offDiagonal / ((double)size * (size - 1))) - (2 * kxy.sum().item<double>() / ((double)size * size));
        }

        return (Moments.Mean(values), Moments.StandardDeviation(values), size);
    }

    /// <summary><paramref name="count"/> distinct indices below <paramref name="rows"/> (partial Fisher–Yates).</summary>
    private static Tensor Sample(Random random, int rows, int count)
    {
        var indices = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            indices[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, rows);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return tensor(indices.AsSpan(0, count).ToArray());
    }
}
