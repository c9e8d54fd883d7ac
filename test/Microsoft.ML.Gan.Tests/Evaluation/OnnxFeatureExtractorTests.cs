using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.Imaging;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Evaluation;

/// <summary>The ONNX extractor against a direct computation of the same tiny network and preprocessing.</summary>
public sealed class OnnxFeatureExtractorTests
{
    private const int SourceSide = 6;
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Features_and_probabilities_equal_a_direct_computation_of_resize_scale_and_network()
    {
        using var folder = new TempFolder();
        var modelPath = Path.Combine(folder.Path, "tiny.onnx");
        TinyOnnxModel.Write(modelPath);
        var random = new Random(3);
        const int Rows = 37;
        var pixels = Enumerable.Range(0, Rows * SourceSide * SourceSide).Select(_ => (float)random.NextDouble()).ToArray();
        var data = FeatureData.View(_mlContext, pixels, SourceSide * SourceSide);
        using var extractor = _mlContext.Gan().OnnxFeatureExtractor(modelPath, new OnnxFeatureExtractor.Options
        {
            InputNodeName = "images",
            OutputNodeName = "features",
            ClassScoresNodeName = "scores",
            ImageChannels = 1,
            ResizeTo = TinyOnnxModel.Side,
            BatchSize = 10,
        });

        var extracted = extractor.Extract(data, "real data", "data");

        extracted.Features.Rows.Should().Be(Rows);
        extracted.Features.Dimension.Should().Be(TinyOnnxModel.Filters);
        for (var row = 0; row < Rows; row++)
        {
            var image = Resize(pixels.AsSpan(row * SourceSide * SourceSide, SourceSide * SourceSide).ToArray().Select(p => (2 * p) - 1).ToArray());
            var (features, probabilities) = Network(image);
            extracted.Features.Span.Slice(row * TinyOnnxModel.Filters, TinyOnnxModel.Filters).ToArray()
                .Should().BeEquivalentTo(features, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
            extracted.Probabilities!.Span.Slice(row * TinyOnnxModel.Classes, TinyOnnxModel.Classes).ToArray()
                .Should().BeEquivalentTo(probabilities, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        }

        extractor.Name.Should().Be("ONNX model 'tiny.onnx' output 'features' (8×8 bilinear, [0, 1] → [-1, 1])");
    }

    [Fact]
    public void The_extractor_drives_the_evaluator_and_a_missing_model_is_reported()
    {
        using var folder = new TempFolder();
        var modelPath = Path.Combine(folder.Path, "tiny.onnx");
        TinyOnnxModel.Write(modelPath);
        var real = FeatureData.View(_mlContext, FeatureData.Gaussian(40, 64, 0.5, seed: 1), 64);
        var generated = FeatureData.View(_mlContext, FeatureData.Gaussian(40, 64, 0.2, seed: 2), 64);
        using var extractor = _mlContext.Gan().OnnxFeatureExtractor(modelPath, new OnnxFeatureExtractor.Options
        {
            InputNodeName = "images",
            OutputNodeName = "features",
            ImageChannels = 1,
            ResizeTo = null,
        });

        var metrics = _mlContext.Gan().Evaluate(real, generated, extractor, new GanEvaluator.Options { KidSubsets = 3 });

        metrics.FeatureDimension.Should().Be(TinyOnnxModel.Filters);
        metrics.FrechetDistance!.Value.Should().BeGreaterThan(0);
        metrics.Extractor.Should().Contain("(no resize");
        FluentActions.Invoking(() => _mlContext.Gan().OnnxFeatureExtractor(Path.Combine(folder.Path, "absent.onnx")))
            .Should().Throw<FileNotFoundException>().WithMessage("The ONNX model '*absent.onnx' does not exist.");
    }

    /// <summary>Bilinear resize of one 6×6 image to 8×8 with PyTorch's align_corners = false rule.</summary>
    private static float[] Resize(float[] image)
    {
        const int Target = TinyOnnxModel.Side;
        var scale = SourceSide / (double)Target;
        var resized = new float[Target * Target];
        for (var y = 0; y < Target; y++)
        {
            for (var x = 0; x < Target; x++)
            {
                var (y0, y1, wy) = Source(y);
                var (x0, x1, wx) = Source(x);
                resized[(y * Target) + x] = (float)(
                    ((1 - wy) * (((1 - wx) * image[(y0 * SourceSide) + x0]) + (wx * image[(y0 * SourceSide) + x1]))) +
                    (wy * (((1 - wx) * image[(y1 * SourceSide) + x0]) + (wx * image[(y1 * SourceSide) + x1]))));
            }
        }

        return resized;

        (int Low, int High, double Weight) Source(int target)
        {
            var position = Math.Max(((target + 0.5) * scale) - 0.5, 0);
            var low = (int)Math.Floor(position);
            return (low, Math.Min(low + 1, SourceSide - 1), position - low);
        }
    }

    private static (float[] Features, float[] Probabilities) Network(float[] image)
    {
        const int Side = TinyOnnxModel.Side, Out = Side / 2;
        var features = new float[TinyOnnxModel.Filters];
        for (var f = 0; f < TinyOnnxModel.Filters; f++)
        {
            double sum = 0;
            for (var oy = 0; oy < Out; oy++)
            {
                for (var ox = 0; ox < Out; ox++)
                {
                    double value = TinyOnnxModel.ConvBias[f];
                    for (var ky = 0; ky < 3; ky++)
                    {
                        for (var kx = 0; kx < 3; kx++)
                        {
                            var (iy, ix) = ((oy * 2) + ky - 1, (ox * 2) + kx - 1);
                            if (iy >= 0 && iy < Side && ix >= 0 && ix < Side)
                            {
                                value += TinyOnnxModel.ConvWeights[(f * 9) + (ky * 3) + kx] * image[(iy * Side) + ix];
                            }
                        }
                    }

                    sum += Math.Max(value, 0);
                }
            }

            features[f] = (float)(sum / (Out * Out));
        }

        var scores = Enumerable.Range(0, TinyOnnxModel.Classes)
            .Select(c => Enumerable.Range(0, TinyOnnxModel.Filters).Sum(f => (double)features[f] * TinyOnnxModel.ScoreWeights[(f * TinyOnnxModel.Classes) + c]))
            .ToArray();
        var total = scores.Sum(s => Math.Exp(s - scores.Max()));
        return (features, scores.Select(s => (float)(Math.Exp(s - scores.Max()) / total)).ToArray());
    }
}
