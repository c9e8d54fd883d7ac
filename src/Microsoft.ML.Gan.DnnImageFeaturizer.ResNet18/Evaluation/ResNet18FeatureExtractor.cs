using System;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan;

/// <summary>
/// 512-d features of the ImageNet-pretrained ResNet18 that the Microsoft.ML.DnnImageFeaturizer.ResNet18 package ships
/// (its global-average-pool output), for FID-ResNet18 and the other feature-space metrics. Create it with
/// <c>mlContext.Gan().ResNet18FeatureExtractor(shape)</c>.
/// </summary>
/// <remarks>
/// <para><b>Not Inception FID.</b> A Fréchet distance on these features is FID-ResNet18: same formula, another network
/// and 512 features instead of Inception v3's 2048, so its values are not comparable with published FID numbers. For
/// those, use <c>OnnxFeatureExtractor</c> (package Microsoft.ML.Gan.OnnxTransformer) with an Inception v3 model.</para>
/// <para><b>Pipeline.</b> Rows become images with GanML's <c>ConvertToImage</c>, are resized to 224 × 224 with
/// <c>ResizeImages</c>, turned into red, green and blue planes of 0–255 values with <c>ExtractPixels</c>, and featurized
/// with <c>DnnFeaturizeImage</c> and the ResNet18 selector (whose first ONNX model applies ImageNet's normalization);
/// <see cref="CreateFeaturizer"/> returns that estimator to compose with others.</para>
/// <para>It needs Microsoft.ML.OnnxTransformer 6 (so Microsoft.ML 6) and a native ONNX Runtime in the application
/// (for example Microsoft.ML.OnnxRuntime). The model files are copied next to the application at build time, into
/// <c>DnnImageModels/</c>.</para>
/// </remarks>
public sealed class ResNet18FeatureExtractor : GanFeatureExtractor
{
    /// <summary>The side of the square images ResNet18 takes.</summary>
    public const int ImageSide = 224;

    /// <summary>The number of features per image.</summary>
    public const int FeatureCount = 512;

    /// <summary>The column <see cref="GanFeatureExtractor"/> reads the features from inside the pipeline.</summary>
    private const string FeaturesColumn = "ResNet18Features";

    // Intermediate columns, named so that they do not clash with a user's.
    private const string ImageColumn = "ResNet18Image";
    private const string PixelsColumn = "ResNet18Pixels";

    private readonly MLContext _context;
    private readonly ImageShape _shape;
    private readonly string _sourceColumnName;
    private readonly string? _modelDirectory;

    internal ResNet18FeatureExtractor(MLContext context, ImageShape shape, string sourceColumnName, string? modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceColumnName);
        if (shape.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "The image shape has no size.");
        }

        if (modelDirectory is not null && !File.Exists(Path.Combine(modelDirectory, "ResNet18Onnx", "ResNet18.onnx")))
        {
            throw new FileNotFoundException(
                $"'{modelDirectory}' does not hold ResNet18Onnx/ResNet18.onnx (and ResNetPrepOnnx/ResNetPreprocess.onnx), the layout of the DnnImageModels folder of Microsoft.ML.DnnImageFeaturizer.ResNet18.");
        }

        _context = context;
        _shape = shape;
        _sourceColumnName = sourceColumnName;
        _modelDirectory = modelDirectory;
    }

    /// <inheritdoc/>
    public override string Name =>
        $"ImageNet ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18), {FeatureCount}-d pool features of {ImageSide}×{ImageSide} resized images: " +
        "FID-ResNet18, not comparable with Inception v3 FID";

    /// <summary>
    /// The ML.NET pipeline from the image rows to the features: <c>ConvertToImage</c>, <c>ResizeImages</c> to 224 × 224,
    /// <c>ExtractPixels</c> and <c>DnnFeaturizeImage</c> with ResNet18.
    /// </summary>
    /// <param name="outputColumnName">The feature column to add: a vector of <see cref="FeatureCount"/> floats.</param>
    /// <returns>An estimator to fit on data that has the source column; the fitted chain holds ONNX Runtime sessions:
    /// dispose it when done.</returns>
    public IEstimator<ITransformer> CreateFeaturizer(string outputColumnName = FeaturesColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        var transforms = _context.Transforms;
        return _context.Gan().ConvertToImage(ImageColumn, _shape, _sourceColumnName)
            .Append(transforms.ResizeImages(ImageColumn, ImageSide, ImageSide, ImageColumn, ImageResizingEstimator.ResizingKind.Fill))
            .Append(transforms.ExtractPixels(PixelsColumn, ImageColumn, ImagePixelExtractingEstimator.ColorBits.Rgb, interleavePixelColors: false))
            .Append(transforms.DnnFeaturizeImage(outputColumnName, input => _modelDirectory is null
                ? input.ModelSelector.ResNet18(_context, input.OutputColumn, input.InputColumn)
                : input.ModelSelector.ResNet18(_context, input.OutputColumn, input.InputColumn, _modelDirectory), PixelsColumn));
    }

    internal override ExtractedFeatures Extract(IDataView data, string dataName, string paramName)
    {
        var column = data.Schema.GetColumnOrNull(_sourceColumnName)
            ?? throw new ArgumentOutOfRangeException(paramName, $"The {dataName} has no column '{_sourceColumnName}'.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: var size } || size != _shape.Length)
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"Column '{_sourceColumnName}' of the {dataName} is {column.Type}, not a vector of {_shape.Length} floats ({_shape.Channels} × {_shape.Height} × {_shape.Width}).");
        }

        // Fitted per call: the real and the generated data have different schemas; a fit only opens the ONNX sessions.
        var featurizer = CreateFeaturizer().Fit(data);
        try
        {
            var features = EvaluationInputs.ReadFeatures(featurizer.Transform(data), FeaturesColumn, paramName, $"ResNet18 features of the {dataName}");
            return new ExtractedFeatures(features, Probabilities: null);
        }
        finally
        {
            (featurizer as IDisposable)?.Dispose();
        }
    }
}
