using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Features from an ONNX model you provide (for FID, the usual Inception v3 pool3 network), run through ML.NET's
/// <c>ApplyOnnxModel</c>. Images are resized and rescaled first, as pytorch-fid does. Create it with
/// <c>mlContext.Gan().OnnxFeatureExtractor(modelPath, options)</c>; the application references a native ONNX Runtime
/// package (for example Microsoft.ML.OnnxRuntime).
/// </summary>
/// <remarks>Nothing is downloaded: the model file must be on disk.</remarks>
public sealed partial class OnnxFeatureExtractor : GanFeatureExtractor, IDisposable
{
    private readonly MLContext _context;
    private readonly string _modelPath;
    private readonly Options _options;
    private OnnxTransformer? _transformer;

    internal OnnxFeatureExtractor(MLContext context, string modelPath, Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The ONNX model '{modelPath}' does not exist.", modelPath);
        }

        if (options.BatchSize < 1 || options.ImageChannels < 1 || options.ResizeTo < 1 || options.ImageSize < 1 ||
            !(options.SourceRange.Maximum > options.SourceRange.Minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BatchSize, ImageChannels, ImageSize and ResizeTo must be positive, and SourceRange increasing.");
        }

        _context = context;
        _modelPath = modelPath;
        _options = options;
    }

    /// <inheritdoc/>
    public override string Name =>
        $"ONNX model '{Path.GetFileName(_modelPath)}' output '{_options.OutputNodeName}'" +
        (_options.ResizeTo is int side ? $" ({side}×{side} bilinear" : " (no resize") +
        $", [{_options.SourceRange.Minimum}, {_options.SourceRange.Maximum}] → [{_options.ModelRange.Minimum}, {_options.ModelRange.Maximum}])";

    internal override ExtractedFeatures Extract(IDataView data, string dataName, string paramName)
    {
        var source = EvaluationInputs.ReadFeatures(data, _options.SourceColumnName, paramName, dataName);
        var (channels, side) = Geometry(data.Schema[_options.SourceColumnName], source.Dimension, paramName);
        var modelSide = _options.ResizeTo ?? side;
        float[]? features = null, scores = null;
        int featureDimension = 0, classes = 0;
        for (var start = 0; start < source.Rows; start += _options.BatchSize)
        {
            var length = Math.Min(_options.BatchSize, source.Rows - start);
            var batch = Preprocess(source.Span.Slice(start * source.Dimension, length * source.Dimension), length, channels, side);
            var output = Run(batch, length, channels, modelSide);
            var batchFeatures = EvaluationInputs.ReadFeatures(output, _options.OutputNodeName, paramName, $"ONNX output of the {dataName}");
            featureDimension = batchFeatures.Dimension;
            features ??= new float[source.Rows * featureDimension];
            batchFeatures.Span.CopyTo(features.AsSpan(start * featureDimension));
            if (_options.ClassScoresNodeName is { } scoresNode)
            {
                var batchScores = EvaluationInputs.ReadFeatures(output, scoresNode, paramName, $"ONNX class scores of the {dataName}");
                classes = batchScores.Dimension;
                scores ??= new float[source.Rows * classes];
                var target = scores.AsSpan(start * classes, length * classes);
                batchScores.Span.CopyTo(target);
                if (_options.ApplySoftmaxToClassScores)
                {
                    Softmax(target, classes);
                }
            }
        }

        return new ExtractedFeatures(
            FeatureMatrix.FromValues(features!, source.Rows, featureDimension),
            scores is null ? null : FeatureMatrix.FromValues(scores, source.Rows, classes));
    }

    /// <summary>
    /// The model input for a batch: pixels mapped from the source range to the model range, then bilinearly resized
    /// (align_corners = false, as <c>F.interpolate</c> in pytorch-fid). Both are linear, so the order does not matter.
    /// </summary>
    internal float[] Preprocess(ReadOnlySpan<float> pixels, int rows, int channels, int side)
    {
        using var scope = NewDisposeScope();
        var (sourceMinimum, sourceMaximum) = _options.SourceRange;
        var (modelMinimum, modelMaximum) = _options.ModelRange;
        var gain = (modelMaximum - modelMinimum) / (sourceMaximum - sourceMinimum);
        var offset = modelMinimum - (sourceMinimum * gain);
        var mapped = new float[rows * channels * side * side];
        for (var i = 0; i < mapped.Length; i++)
        {
            mapped[i] = (pixels[i] * gain) + offset;
        }

        if (_options.ResizeTo is not int target || target == side)
        {
            return mapped;
        }

        var images = tensor(mapped, [rows, channels, side, side]);
        var resized = nn.functional.interpolate(images, size: [target, target], mode: InterpolationMode.Bilinear, align_corners: false);
        return resized.contiguous().data<float>().ToArray();
    }

    private IDataView Run(float[] batch, int rows, int channels, int side)
    {
        var size = channels * side * side;
        var inputRows = Enumerable.Range(0, rows).Select(i => new InputRow { Input = batch.AsSpan(i * size, size).ToArray() }).ToArray();
        var schema = SchemaDefinition.Create(typeof(InputRow));
        schema[nameof(InputRow.Input)].ColumnName = _options.InputNodeName;
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, side, side);
        var view = _context.Data.LoadFromEnumerable(inputRows, schema);
        // One transformer for the extractor's lifetime: ONNX Runtime loads the model once.
        _transformer ??= _context.Transforms.ApplyOnnxModel(
            outputColumnNames: _options.ClassScoresNodeName is { } scores ? [_options.OutputNodeName, scores] : [_options.OutputNodeName],
            inputColumnNames: [_options.InputNodeName],
            modelFile: _modelPath,
            gpuDeviceId: _context.GpuDeviceId,
            fallbackToCpu: _context.FallbackToCpu).Fit(view);
        return _transformer.Transform(view);
    }

    private (int Channels, int Side) Geometry(DataViewSchema.Column column, int length, string paramName)
    {
        var channels = _options.ImageChannels;
        var side = _options.ImageSize
            ?? (column.Type is VectorDataViewType { Dimensions: [_, var height, var width] } && height == width ? height
            : (int)Math.Round(Math.Sqrt(length / (double)channels)));
        if (channels * side * side != length)
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"Column '{column.Name}' has {length} slots, which is not {channels} channel(s) of a square image" +
                (_options.ImageSize is int size ? $" of {size} × {size}" : string.Empty) + ": set ImageChannels and ImageSize.");
        }

        return (channels, side);
    }

    private static void Softmax(Span<float> rows, int classes)
    {
        for (var start = 0; start < rows.Length; start += classes)
        {
            var row = rows.Slice(start, classes);
            var maximum = double.NegativeInfinity;
            foreach (var value in row)
            {
                maximum = Math.Max(maximum, value);
            }

            double sum = 0;
            foreach (var value in row)
            {
                sum += Math.Exp(value - maximum);
            }

            for (var c = 0; c < classes; c++)
            {
                row[c] = (float)(Math.Exp(row[c] - maximum) / sum);
            }
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _transformer?.Dispose();

    private sealed class InputRow
    {
        public float[] Input { get; set; } = [];
    }
}
