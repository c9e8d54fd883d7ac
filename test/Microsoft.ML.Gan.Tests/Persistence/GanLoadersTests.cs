using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Persistence;

/// <summary>
/// The core finds the loaders of the optional image assembly at run time (it cannot reference it), and names the
/// package when an application without it loads a zip that needs it.
/// </summary>
public sealed class GanLoadersTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("ganml-loaders-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_image_assembly_s_registrar_is_found_by_name()
    {
        GanLoaders.FindRegistrar(GanLoaders.ImageAnalyticsAssemblyName, GanLoaders.ImageAnalyticsRegistrarTypeName)
            .Should().NotBeNull();
    }

    [Fact]
    public void An_absent_assembly_is_no_registrar_and_a_mismatched_one_is_an_error()
    {
        GanLoaders.FindRegistrar("Microsoft.ML.Gan.NoSuchPackage", GanLoaders.ImageAnalyticsRegistrarTypeName).Should().BeNull();

        var mismatched = () => GanLoaders.FindRegistrar(GanLoaders.ImageAnalyticsAssemblyName, "Microsoft.ML.Gan.NoSuchRegistrar");

        mismatched.Should().Throw<MissingMethodException>().WithMessage("*Microsoft.ML.Gan.NoSuchRegistrar.Register*same version*");
    }

    [Fact]
    public void Gan_and_LoadGan_load_an_image_column_on_fresh_contexts()
    {
        var path = SaveImageModel();

        var viaLoadGan = new MLContext().Model.LoadGan(path, out _);
        var context = new MLContext();
        _ = context.Gan();
        var viaGan = context.Model.Load(path, out _);

        viaLoadGan.Should().BeOfType<GeneratedImageTransformer>().Which.Shape.Should().Be(ImageShape.Rgb(2, 2));
        viaGan.Should().BeOfType<GeneratedImageTransformer>();
    }

    [Fact]
    public void Without_the_image_assembly_loading_an_image_column_names_the_package()
    {
        var path = SaveImageModel();
        var context = new MLContext();
        GanLoaders.Register(context, _ => TorchSharp.torch.CPU, imageAnalytics: null);

        var load = () => context.Model.Load(path, out _);

        var messages = load.Should().Throw<Exception>().Which.ToString();
        messages.Should().Contain("reference to Microsoft.ML.Gan.ImageAnalytics").And.Contain("ConvertToImage");
    }

    private string SaveImageModel()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 2).Select(_ => new Row { Generated = new float[12] }));
        var model = _mlContext.Gan().ConvertToImage("Image", ImageShape.Rgb(2, 2)).Fit(data);
        var path = Path.Combine(_directory, "images.zip");
        _mlContext.Model.Save(model, data.Schema, path);
        return path;
    }

    private sealed class Row
    {
        [VectorType(12)]
        public float[] Generated { get; set; } = [];
    }
}
