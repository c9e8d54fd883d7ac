using System;
using System.IO;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The mean and covariance of a set of feature vectors, in <see cref="double"/>: everything the Fréchet distance needs
/// from one side. Compute them once from the real data with <see cref="GanCatalog.ComputeFeatureStatistics"/>, save them
/// with <see cref="Save(string)"/>, and compare every generator against the loaded file.
/// </summary>
/// <remarks>
/// The covariance divides by N − 1, as <c>numpy.cov</c> (and so pytorch-fid) does. The file stores the full matrix:
/// <c>8 × dimension²</c> bytes (32 MiB for 2048 features).
/// </remarks>
public sealed class FeatureStatistics
{
    private static readonly ChecksummedPayload Payload = new("GanML-stats\0"u8.ToArray(), 1, "GanML feature statistics file", "feature statistics file");

    private readonly double[] _mean;
    private readonly double[] _covariance;

    internal FeatureStatistics(double[] mean, double[] covariance, long count, string source)
    {
        if (covariance.Length != (long)mean.Length * mean.Length)
        {
            throw new ArgumentException($"A covariance of {mean.Length} features needs {mean.Length * mean.Length} values, not {covariance.Length}.", nameof(covariance));
        }

        _mean = mean;
        _covariance = covariance;
        Count = count;
        Source = source;
    }

    /// <summary>The number of features of each vector.</summary>
    public int Dimension => _mean.Length;

    /// <summary>The number of vectors the statistics were computed from (N).</summary>
    public long Count { get; }

    /// <summary>Which column or feature extractor produced the vectors, for reports.</summary>
    public string Source { get; }

    /// <summary>The mean vector μ.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The covariance Σ, row-major <see cref="Dimension"/> × <see cref="Dimension"/>, divided by N − 1.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>Computes the statistics of <paramref name="rows"/> row-major vectors of <paramref name="dimension"/> floats.</summary>
    internal static FeatureStatistics Compute(ReadOnlySpan<float> values, int rows, int dimension, string source)
    {
        if (rows < 2)
        {
            throw new InvalidOperationException(
                $"A covariance needs at least 2 feature vectors; {source} has {rows}.");
        }

        using var scope = NewDisposeScope();
        var features = FloatMatrix(values, rows, dimension).to(float64);
        var mean = features.mean([0L]);
        var centered = features.sub_(mean);
        // Σ = Xcᵀ Xc / (N − 1), in double.
        using var divisor = (rows - 1.0).ToScalar();
        var covariance = Gram(centered).div_(divisor);
        return new FeatureStatistics(mean.data<double>().ToArray(), covariance.data<double>().ToArray(), rows, source);
    }

    /// <summary>
    /// XᵀX from the blocks on and above the diagonal only, mirrored: libtorch has no symmetric rank-k update (BLAS syrk,
    /// which numpy uses for X·Xᵀ), and eight column blocks do 9/16 of a full product's work.
    /// </summary>
    private static Tensor Gram(Tensor x)
    {
        var dimension = x.size(1);
        const int Blocks = 8;
        if (dimension < 64 * Blocks)
        {
            return x.t().mm(x);
        }

        var width = (dimension + Blocks - 1) / Blocks;
        var gram = empty(dimension, dimension, dtype: x.dtype, device: x.device);
        for (long i = 0; i < dimension; i += width)
        {
            using var rowScope = NewDisposeScope();
            var rowsOfBlock = Math.Min(width, dimension - i);
            var left = x.narrow(1, i, rowsOfBlock).t();
            // One product for the block row right of the diagonal: Xᵢᵀ [Xᵢ … X_last].
            var product = left.mm(x.narrow(1, i, dimension - i));
            gram.narrow(0, i, rowsOfBlock).narrow(1, i, dimension - i).copy_(product);
            gram.narrow(0, i, dimension - i).narrow(1, i, rowsOfBlock).copy_(product.t());
        }

        return gram;
    }

    /// <summary>Saves the statistics to a checksummed binary file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path) => Payload.WriteFile(path, WriteBody);

    /// <summary>Writes the statistics to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void Save(Stream stream) => Payload.Write(stream, WriteBody);

    /// <summary>Loads statistics saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The statistics, exactly as saved.</returns>
    /// <exception cref="InvalidDataException">The file is not a statistics file, is truncated or corrupted, or comes from a newer version.</exception>
    public static FeatureStatistics Load(string path) => Payload.ReadFile(path, ReadBody);

    /// <summary>Reads statistics written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the statistics.</param>
    /// <returns>The statistics, exactly as saved.</returns>
    /// <exception cref="InvalidDataException">The data are not statistics, are truncated or corrupted, or come from a newer version.</exception>
    public static FeatureStatistics Load(Stream stream) => Payload.Read(stream, ReadBody);

    private void WriteBody(BinaryWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(new Header(Dimension, Count, Source)));
        WriteDoubles(writer, _mean);
        WriteDoubles(writer, _covariance);
    }

    private static FeatureStatistics ReadBody(BinaryReader reader)
    {
        var header = JsonSerializer.Deserialize<Header>(reader.ReadString()) ?? throw Payload.Invalid("its header is empty");
        if (header.Dimension < 1 || header.Count < 2 || (long)header.Dimension * header.Dimension * 8 > reader.BaseStream.Length)
        {
            throw Payload.Invalid($"its header ({header.Dimension} features from {header.Count} vectors) is impossible");
        }

        var mean = ReadDoubles(reader, header.Dimension);
        var covariance = ReadDoubles(reader, header.Dimension * header.Dimension);
        return new FeatureStatistics(mean, covariance, header.Count, header.Source);
    }

    /// <summary>A float tensor over a copy of the row-major values.</summary>
    internal static Tensor FloatMatrix(ReadOnlySpan<float> values, int rows, int dimension) =>
        tensor(values[..(rows * dimension)].ToArray(), [rows, dimension]);

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static double[] ReadDoubles(BinaryReader reader, int expected)
    {
        var length = reader.ReadInt32();
        if (length != expected)
        {
            throw Payload.Invalid($"it holds {length} values where {expected} belong");
        }

        var bytes = reader.ReadBytes(length * 8);
        if (bytes.Length != length * 8)
        {
            throw new EndOfStreamException("the values are cut short");
        }

        var values = new double[length];
        bytes.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private sealed record Header(int Dimension, long Count, string Source);
}
