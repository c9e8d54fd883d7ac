using System.IO;
using FluentAssertions;
using Microsoft.ML.Gan.Tests.Imaging;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests;

/// <summary>The samples app's image commands, run as users run them: train on a folder, then generate PNG files.</summary>
public sealed class SamplesImageCommandsTests : System.IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Train_images_on_a_folder_then_generate_writes_decodable_PNGs_of_the_trained_size()
    {
        var images = _folder.File("images");
        var artifacts = _folder.File("artifacts");
        ImageFolder.Write(images, count: 10, width: 30, height: 40, seed: 2);

        var (trainExit, trainOutput) = SamplesApp.Run("train-images", "--folder", images, "--size", "28", "--grayscale", "--epochs", "1", "--artifacts", artifacts);
        trainExit.Should().Be(0, trainOutput);
        using (var grid = Pixels.Decode(Path.Combine(artifacts, "images-samples.png")))
        {
            grid.Width.Should().Be((8 * (28 + 2)) + 2);
        }

        Pixels.Decode(Path.Combine(artifacts, "images-losses.png")).Dispose();
        File.ReadAllText(Path.Combine(artifacts, "images-report.txt")).Should().Contain("10 images").And.Contain("1 × 28 × 28");

        var generated = _folder.File("generated");
        var (generateExit, generateOutput) = SamplesApp.Run("generate", "--model", Path.Combine(artifacts, "images-dcgan.zip"), "--count", "3", "--out", generated);
        generateExit.Should().Be(0, generateOutput);
        var files = Directory.GetFiles(generated, "*.png");
        files.Should().HaveCount(3);
        foreach (var file in files)
        {
            using var image = Pixels.Decode(file);
            (image.Width, image.Height).Should().Be((28, 28));
        }
    }

    [Fact]
    public void Train_images_explains_a_folder_without_images()
    {
        var empty = _folder.File("empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not an image");

        var (exitCode, output) = SamplesApp.Run("train-images", "--folder", empty, "--artifacts", _folder.File("artifacts"));

        exitCode.Should().Be(2);
        output.Should().Contain("No images").And.Contain(empty);
    }

    [Fact]
    public void Generate_into_a_folder_explains_that_a_vector_model_makes_no_images()
    {
        var artifacts = _folder.File("toy");
        SamplesApp.Run("toy", "--mixture", "Ring", "--steps", "1", "--artifacts", artifacts).ExitCode.Should().Be(0);

        var (exitCode, output) = SamplesApp.Run("generate", "--model", Path.Combine(artifacts, "ring-Hinge.zip"), "--out", _folder.File("pngs"));

        exitCode.Should().Be(2);
        output.Should().Contain("not images").And.Contain(".csv");
    }
}
