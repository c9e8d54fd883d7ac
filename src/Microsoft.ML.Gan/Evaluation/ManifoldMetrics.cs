using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Precision and recall (Kynkäänniemi et al. 2019) and density and coverage (Naeem et al. 2020), as the prdc package
/// computes them: each real point owns a ball reaching its k-th nearest real neighbour, each generated point one reaching
/// its k-th nearest generated neighbour (Euclidean, the point itself not counted, strict "&lt;").
/// <list type="bullet">
/// <item>precision: the share of generated points inside some real ball (k = <c>precisionK</c>);</item>
/// <item>recall: the share of real points inside some generated ball (k = <c>precisionK</c>);</item>
/// <item>density: the mean number of real balls (k = <c>densityK</c>) holding each generated point, divided by k;</item>
/// <item>coverage: the share of real balls (k = <c>densityK</c>) holding at least one generated point.</item>
/// </list>
/// Distances are computed in double, in blocks of rows, so memory stays at a block × the other side.
/// </summary>
internal static class ManifoldMetrics
{
    private const int BlockRows = 1024;

    public static (double Precision, double Recall, double Density, double Coverage) Compute(
        FeatureMatrix real, FeatureMatrix generated, int precisionK, int densityK)
    {
        var largestK = Math.Max(precisionK, densityK);
        if (real.Rows <= largestK || generated.Rows <= precisionK)
        {
            throw new InvalidOperationException(
                $"Precision/recall with k = {precisionK} and density/coverage with k = {densityK} need more than {largestK} real and " +
                $"{precisionK} generated vectors; there are {real.Rows} and {generated.Rows}.");
        }

        using var scope = NewDisposeScope();
        var x = FeatureStatistics.FloatMatrix(real.Span, real.Rows, real.Dimension).to(float64);
        var y = FeatureStatistics.FloatMatrix(generated.Span, generated.Rows, generated.Dimension).to(float64);
        var realPrecisionRadii = NeighbourRadii(x, precisionK);
        var realDensityRadii = NeighbourRadii(x, densityK);
        var generatedRadii = NeighbourRadii(y, precisionK);

        var insideRealBall = zeros(generated.Rows, dtype: @bool);
        var densityCounts = zeros(generated.Rows, dtype: int64);
        var realInsideGenerated = new bool[real.Rows];
        var realCovered = new bool[real.Rows];
        for (var start = 0; start < real.Rows; start += BlockRows)
        {
            using var blockScope = NewDisposeScope();
            var length = Math.Min(BlockRows, real.Rows - start);
            var distances = SquaredDistances(x.narrow(0, start, length), y);
            var precisionBalls = distances.lt(realPrecisionRadii.narrow(0, start, length).unsqueeze(1));
            var densityBalls = distances.lt(realDensityRadii.narrow(0, start, length).unsqueeze(1));
            insideRealBall.logical_or_(precisionBalls.any(0));
            densityCounts.add_(densityBalls.sum([0L], type: int64), LossScalars.OneInteger);
            distances.lt(generatedRadii.unsqueeze(0)).any(1).data<bool>().CopyTo(realInsideGenerated, start);
            densityBalls.any(1).data<bool>().CopyTo(realCovered, start);
        }

        var precision = Share(insideRealBall.data<bool>().ToArray());
        var density = densityCounts.sum().item<long>() / (double)densityK / generated.Rows;
        return (precision, Share(realInsideGenerated), density, Share(realCovered));
    }

    /// <summary>The squared distance from each row to its k-th nearest other row.</summary>
    private static Tensor NeighbourRadii(Tensor points, int k)
    {
        var rows = points.size(0);
        var radii = empty(rows, dtype: float64);
        for (long start = 0; start < rows; start += BlockRows)
        {
            using var blockScope = NewDisposeScope();
            var length = Math.Min(BlockRows, rows - start);
            var distances = SquaredDistances(points.narrow(0, start, length), points);
            // A point's distance to itself is 0 (rounding may say otherwise): the (k + 1)-th smallest is the k-th neighbour.
            distances.diagonal(offset: start).zero_();
            var (nearest, _) = distances.topk(k + 1, dim: 1, largest: false, sorted: true);
            radii.narrow(0, start, length).copy_(nearest.select(1, k));
        }

        return radii;
    }

    /// <summary>‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b, clamped at 0 against rounding.</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        var squaredA = a.mul(a).sum([1L], keepdim: true);
        var squaredB = b.mul(b).sum([1L]).unsqueeze(0);
        // a + a rather than 2a: a double operand would become a Scalar that only the finalizer frees.
        return squaredA.add(squaredB, LossScalars.One).sub_(a.add(a, LossScalars.One).mm(b.t())).relu_();
    }

    private static double Share(bool[] flags)
    {
        var count = 0;
        foreach (var flag in flags)
        {
            count += flag ? 1 : 0;
        }

        return count / (double)flags.Length;
    }
}
