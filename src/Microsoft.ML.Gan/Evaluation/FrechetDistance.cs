using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature vectors, as pytorch-fid's
/// <c>calculate_frechet_distance</c> defines it: ‖μ₁ − μ₂‖² + Tr Σ₁ + Tr Σ₂ − 2 Tr √(Σ₁Σ₂).
/// </summary>
/// <remarks>
/// <para>Tr √(Σ₁Σ₂) is the sum of the square roots of the eigenvalues of Σ₁Σ₂, which are those of the symmetric positive
/// semi-definite LᵀΣ₂L (Σ₁ = LLᵀ) or √Σ₁ Σ₂ √Σ₁. One symmetric eigenvalue computation in double replaces SciPy's
/// Schur-based <c>sqrtm</c> of the non-symmetric product: faster, and never complex for valid covariances. Only the
/// upper triangle is formed, so rounding cannot make the matrix the eigensolver sees unsymmetric.</para>
/// <para>The reference retries with ε = 1e-6 on both diagonals when SciPy's <c>sqrtm</c> of the product is not finite.
/// That happens when Σ₁Σ₂ has no square root at all: a nilpotent block at eigenvalue 0, which arises when each side has
/// constant features (zero-variance rows of Σ) and the two sets of constant features differ. Rank deficiency from fewer
/// vectors than dimensions does not trigger it (SciPy finds a finite root of the nearly singular product), so it does not
/// here either. As in the reference, the offset enters only the square-root term, not Tr Σ₁ + Tr Σ₂.</para>
/// </remarks>
internal static class FrechetDistance
{
    /// <summary>The diagonal offset of the reference's retry.</summary>
    public const double Offset = 1e-6;

    /// <summary>The reference raises when an imaginary part above this survives on the diagonal of the square root.</summary>
    public const double ImaginaryTolerance = 1e-3;


    public static FrechetDistanceResult Compute(FeatureStatistics real, FeatureStatistics generated)
    {
        if (real.Dimension != generated.Dimension)
        {
            throw new ArgumentException(
                $"The real features have {real.Dimension} dimensions and the generated ones {generated.Dimension}: " +
                "both sides must come from the same feature extractor.");
        }

        var dimension = real.Dimension;
        double meanTerm = 0, traceReal = 0, traceGenerated = 0;
        for (var i = 0; i < dimension; i++)
        {
            var difference = real.Mean[i] - generated.Mean[i];
            meanTerm += difference * difference;
            traceReal += real.Covariance[(i * dimension) + i];
            traceGenerated += generated.Covariance[(i * dimension) + i];
        }

        using var scope = NewDisposeScope();
        var singular = HasNoSquareRoot(real, generated);
        var offset = singular ? Offset : 0.0;
        var (traceSquareRoot, smallestEigenvalue) = TraceOfSquareRoot(real.Covariance, generated.Covariance, dimension, offset);

        // A negative eigenvalue λ of the product puts √|λ| on the imaginary side: the reference raises above 1e-3.
        if (smallestEigenvalue < 0 && Math.Sqrt(-smallestEigenvalue) > ImaginaryTolerance)
        {
            throw new InvalidOperationException(
                $"The square root of Σ₁Σ₂ has an imaginary component of {Math.Sqrt(-smallestEigenvalue):G3} (the product has the " +
                $"eigenvalue {smallestEigenvalue:G3}): the covariances are not positive semi-definite. Recompute the statistics.");
        }

        var warnings = new List<string>();
        foreach (var (name, statistics) in new[] { ("real", real), ("generated", generated) })
        {
            if (statistics.Count <= dimension)
            {
                warnings.Add(
                    $"The {name} features have {statistics.Count} vectors for {dimension} dimensions: the covariance is singular " +
                    "and the FID is biased and unstable. Use more vectors than dimensions (pytorch-fid recommends at least 2048 " +
                    "for Inception features; published FIDs use 10,000 or 50,000).");
            }
        }

        if (singular)
        {
            warnings.Add(
                $"The two sides have different constant features, so Σ₁Σ₂ has no square root: the square-root term was computed " +
                $"with {Offset:G} added to both diagonals, as pytorch-fid does.");
        }

        return new FrechetDistanceResult(
            meanTerm + traceReal + traceGenerated - (2 * traceSquareRoot), meanTerm, traceReal + traceGenerated - (2 * traceSquareRoot),
            real.Count, generated.Count, dimension, offset, real.Source, generated.Source, warnings);
    }

    /// <summary>Tr √((Σ₁ + εI)(Σ₂ + εI)) and the smallest eigenvalue of that product.</summary>
    private static (double Trace, double SmallestEigenvalue) TraceOfSquareRoot(
        ReadOnlySpan<double> first, ReadOnlySpan<double> second, int dimension, double offset)
    {
        using var scope = NewDisposeScope();
        var a = Matrix(first, dimension, offset);
        var b = Matrix(second, dimension, offset);
        // The eigenvalues of a symmetric matrix similar to AB, from its upper triangle, on libtorch's configured threads.
        // For 2048 × 2048 on 2 idle cores the eigensolver takes 0.22–0.30 s on two threads against 0.40 s on one, but beside
        // two other busy processes 0.65–1.4 s against 0.61–0.67 s (measured): on an oversubscribed machine
        // torch.set_num_threads(1) is the faster setting, as it is for training. The first threaded call in a process also
        // pays MKL's one-off clock calibration, which waits for the wall clock's next second (0–1 s).
        var productEigenvalues = linalg.eigvalsh(SymmetricSimilarProduct(a, b), UPLO: 'U').data<double>().ToArray();

        double trace = 0, smallest = double.PositiveInfinity;
        foreach (var eigenvalue in productEigenvalues)
        {
            smallest = Math.Min(smallest, eigenvalue);
            trace += Math.Sqrt(Math.Max(eigenvalue, 0));
        }

        return (trace, smallest);
    }

    /// <summary>
    /// A symmetric S with the eigenvalues of AB (its upper triangle is what counts). With A = LLᵀ (Cholesky),
    /// AB = L(LᵀBL)L⁻¹, so S = LᵀBL: one Cholesky and two triangular products, far cheaper than an eigendecomposition of
    /// A (libtorch's <c>eigh</c> with vectors costs about 8× its <c>eigvalsh</c>). A singular A (fewer vectors than
    /// features) has no Cholesky factor: then B's is used (BA has the same eigenvalues), and only when both are singular
    /// √A from an eigendecomposition.
    /// </summary>
    private static Tensor SymmetricSimilarProduct(Tensor a, Tensor b) =>
        Cholesky(a) is { } lowerA ? UpperCongruence(lowerA, b)
        : Cholesky(b) is { } lowerB ? UpperCongruence(lowerB, a)
        : SquareRootProduct(a, b);

    /// <summary>
    /// The upper block triangle of LᵀBL for a lower-triangular L, skipping the zero blocks of L: with eight column blocks
    /// about 0.96 n³ multiply-adds instead of the 2 n³ of two full products. Small matrices take the two products.
    /// </summary>
    private static Tensor UpperCongruence(Tensor lower, Tensor b)
    {
        const int Blocks = 8;
        var n = lower.size(0);
        if (n < 64 * Blocks)
        {
            return lower.t().mm(b).mm(lower);
        }

        var width = (n + Blocks - 1) / Blocks;
        // Y = BL: block column j of L is zero above row j·w.
        var y = empty(n, n, dtype: b.dtype, device: b.device);
        for (long j = 0; j < n; j += width)
        {
            using var blockScope = NewDisposeScope();
            var columns = Math.Min(width, n - j);
            y.narrow(1, j, columns).copy_(b.narrow(1, j, n - j).mm(lower.narrow(0, j, n - j).narrow(1, j, columns)));
        }

        // S[i-block, i..] = L[:, i-block]ᵀ Y[:, i..], where L[:, i-block] is zero above row i·w.
        var s = zeros(n, n, dtype: b.dtype, device: b.device);
        for (long i = 0; i < n; i += width)
        {
            using var blockScope = NewDisposeScope();
            var rows = Math.Min(width, n - i);
            s.narrow(0, i, rows).narrow(1, i, n - i).copy_(lower.narrow(0, i, n - i).narrow(1, i, rows).t().mm(y.narrow(0, i, n - i).narrow(1, i, n - i)));
        }

        return s;
    }

    private static Tensor? Cholesky(Tensor matrix)
    {
        var (lower, info) = linalg.cholesky_ex(matrix);
        return info.item<int>() == 0 ? lower : null;
    }

    // √A B √A, with √A = V diag(√λ) Vᵀ; eigenvalues below zero are rounding noise of a semi-definite matrix.
    private static Tensor SquareRootProduct(Tensor a, Tensor b)
    {
        var (values, vectors) = linalg.eigh(a);
        var rootA = vectors.mul(values.relu().sqrt().unsqueeze(0)).mm(vectors.t());
        return rootA.mm(b).mm(rootA);
    }

    /// <summary>
    /// Whether Σ₁Σ₂ has a nilpotent block at 0, where SciPy's <c>sqrtm</c> fails: both sides have constant features and
    /// the sets differ (a zero row of Σ₁ and a zero column of Σ₂ with different indices give orthogonal left and right
    /// null vectors). A float32 feature whose spread is below 1e-10 of its mean is constant: float32 cannot hold less.
    /// </summary>
    private static bool HasNoSquareRoot(FeatureStatistics first, FeatureStatistics second)
    {
        bool anyFirst = false, anySecond = false, differ = false;
        for (var i = 0; i < first.Dimension; i++)
        {
            var constantFirst = IsConstant(first, i);
            var constantSecond = IsConstant(second, i);
            anyFirst |= constantFirst;
            anySecond |= constantSecond;
            differ |= constantFirst != constantSecond;
        }

        return anyFirst && anySecond && differ;
    }

    private static bool IsConstant(FeatureStatistics statistics, int feature) =>
        statistics.Covariance[(feature * statistics.Dimension) + feature] <= statistics.Mean[feature] * statistics.Mean[feature] * 1e-20;

    private static Tensor Matrix(ReadOnlySpan<double> values, int dimension, double offset)
    {
        var copy = values.ToArray();
        for (var i = 0; i < dimension; i++)
        {
            copy[(i * dimension) + i] += offset;
        }

        return tensor(copy, [dimension, dimension]);
    }
}
