using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Samples.Data;

/// <summary>
/// FID-ResNet18 on the bundled digits, as the main job and <c>eng/evaluation/GanML.ResNet18Fid</c> measure it: the
/// digits permuted with a seed (they are stored sorted by class, and ShuffleRows only mixes within a pool of 1,000 rows,
/// which gave halves of different digits), and statistics of ResNet18 features through ML.NET's pipeline.
/// </summary>
internal sealed class MnistResNet18Fid
{
    private const string Column = "ResNet18";
    private readonly MLContext _mlContext;
    private readonly Digit[] _digits;
    private readonly ResNet18FeatureExtractor _extractor;

    public MnistResNet18Fid(MLContext mlContext, int seed)
    {
        _mlContext = mlContext;
        _digits = mlContext.Data.CreateEnumerable<Digit>(BundledMnist.Load(), reuseRowObject: false).ToArray();
        new Random(seed).Shuffle(_digits);
        _extractor = mlContext.Gan().ResNet18FeatureExtractor(ImageShape.Grayscale(BundledMnist.ImageSize, BundledMnist.ImageSize, scaleImage: 1 / 255f));
    }

    /// <summary>What the extractor is, for reports.</summary>
    public string ExtractorName => _extractor.Name;

    /// <summary>All the digits, permuted, with their pixels in <c>Features</c>.</summary>
    public IDataView Digits => _mlContext.Data.LoadFromEnumerable(_digits);

    /// <summary><paramref name="count"/> real digits after the first <paramref name="skip"/> of the permutation.</summary>
    public IDataView RealRows(int skip, int count) => _mlContext.Data.LoadFromEnumerable(_digits.Skip(skip).Take(count));

    /// <summary>Mean and covariance of the ResNet18 features of the digits in <paramref name="rows"/>' <c>Features</c>.</summary>
    public FeatureStatistics Statistics(IDataView rows)
    {
        // A featurizer per fit: fits of one estimator share its ONNX session, which disposing a chain closes.
        var chain = _extractor.CreateFeaturizer(Column).Fit(rows);
        using var sessions = chain as IDisposable;
        return _mlContext.Gan().ComputeFeatureStatistics(chain.Transform(rows), Column);
    }

    /// <summary>One bundled digit's pixels.</summary>
    private sealed class Digit
    {
        [VectorType(BundledMnist.PixelCount)]
        public float[] Features { get; set; } = [];
    }
}
