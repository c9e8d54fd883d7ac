using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.Imaging;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Pipelines;

/// <summary>
/// ImageAnalytics upstream of the GAN: LoadImages → ResizeImages → ExtractPixels → Gan fits as one ML.NET pipeline, and
/// saves and loads as one zip that generates the same images.
/// </summary>
public sealed class ImagePipelineTests : System.IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadImages_ResizeImages_ExtractPixels_then_the_GAN_fit_save_and_load_as_one_pipeline()
    {
        var images = _folder.File("images");
        ImageFolder.Write(images, count: 12, width: 40, height: 30, seed: 1);
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Directory.GetFiles(images).Order().Select(f => new ImageFile { Path = Path.GetFileName(f) }));
        var pipeline = mlContext.Transforms.LoadImages("Image", images, nameof(ImageFile.Path))
            .Append(mlContext.Transforms.ResizeImages("Image", 32, 32))
            .Append(mlContext.Transforms.ExtractPixels("Features", "Image", scaleImage: 1f / 255))
            .Append(mlContext.Gan().Trainer(new GanTrainer.Options { Network = GanNetwork.Dcgan, ConvolutionWidth = 8, Epochs = 2, BatchSize = 4 }));

        var model = pipeline.Fit(data);
        var gan = model.LastTransformer;
        var before = GeneratedRows.Read(model.Transform(data), "Generated");
        var path = _folder.File("pipeline.zip");
        mlContext.Model.Save(model, data.Schema, path);

        var loader = new MLContext(seed: 2);
        loader.Gan();
        var loaded = loader.Model.Load(path, out var inputSchema);
        var after = GeneratedRows.Read(loaded.Transform(data), "Generated");

        inputSchema[nameof(ImageFile.Path)].Type.Should().Be(TextDataViewType.Instance);
        gan.ImageShape.Should().Be(ImageShape.Rgb(32, 32, scaleImage: 1f / 255), "ExtractPixels wrote planar colour pixels in [0, 1]");
        gan.TrainingHistory.Should().HaveCount(2);
        before.Should().HaveCount(12).And.AllSatisfy(row => row.Should().HaveCount(3 * 32 * 32));
        after.Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "the loaded pipeline generates the same images");
        before.SelectMany(row => row).Should().OnlyContain(v => v >= -0.0001f && v <= 1.0001f, "generated pixels are in the training range");
    }

    private sealed class ImageFile
    {
        public string Path { get; set; } = string.Empty;
    }
}
