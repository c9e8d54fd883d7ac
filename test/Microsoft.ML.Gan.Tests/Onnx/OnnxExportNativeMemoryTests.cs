using System.IO;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Gan.Tests.TestData;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Gan.Tests.Onnx;

/// <summary>Exporting reads every weight through TorchSharp; it must leave no tensor alive and nothing for the finalizer. Runs alone.</summary>
[Collection(SerialCollection.Name)]
public sealed class OnnxExportNativeMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Exporting_a_DCGAN_generator_leaves_nothing_to_the_finalizer()
    {
        var mlContext = new MLContext(seed: 1);
        var digits = mlContext.Data.TakeRows(BundledMnist.Load(), 32);
        using var model = mlContext.Gan().Trainer(OnnxRun.TinyDcgan(epochs: 1, averageDecay: 0.9)).Fit(digits);
        const int Exports = 200;
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.ExportToOnnx(Stream.Null);
        var liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var (perExport, fewer, more) = FinalizerQueue.PerStep(exports =>
        {
            for (var i = 0; i < exports; i++)
            {
                model.ExportToOnnx(Stream.Null);
            }
        }, Exports, expectedBelow: 0.5);

        // 14 weight tensors per export: one object left per tensor read would be 14 per export. Reading shapes with
        // Tensor.shape and values with Tensor.data<float>() left 52 per export (measured once collections could no
        // longer run the finalizers during the count).
        output.WriteLine($"{Exports} exports left {fewer} objects to the finalizer, {2 * Exports} left {more}: {perExport:F3} per export");
        perExport.Should().BeLessThan(0.5);
        liveAfter.Should().Be(liveBefore, "every tensor the export makes is disposed when it returns");
    }
}
