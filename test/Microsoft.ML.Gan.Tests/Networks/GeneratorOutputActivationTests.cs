using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary><see cref="GanTrainer.Options.GeneratorOutputActivation"/>: Tanh by default, or a linear last layer (WGAN-GP toys).</summary>
public sealed class GeneratorOutputActivationTests
{
    [Fact]
    public void Linear_output_leaves_the_last_layer_unbounded_and_Tanh_bounds_it()
    {
        using var scope = NewDisposeScope();
        using var linear = new MlpGenerator(2, [8], 3, GanActivation.Relu, 0.2, GanOutputActivation.Linear);
        using var bounded = new MlpGenerator(2, [8], 3, GanActivation.Relu, 0.2);
        bounded.load_state_dict(linear.state_dict());
        var latent = randn(64, 2).mul(100.0.ToScalar());

        var raw = linear.forward(latent);

        raw.abs().max().item<float>().Should().BeGreaterThan(1f, "a linear layer of large inputs leaves [−1, 1]");
        bounded.forward(latent).data<float>().ToArray().Should().Equal(raw.tanh().data<float>().ToArray());
        linear.named_children().Select(c => c.name).Should().Equal("layers");
    }

    [Fact]
    public void Linear_output_is_kept_in_saved_models()
    {
        var mlContext = new MLContext(seed: 1);
        var data = RingMixture.Create(mlContext, rows: 256, seed: 3);
        var options = TinyGan.Options(epochs: 1);
        options.GeneratorOutputActivation = GanOutputActivation.Linear;
        using var model = mlContext.Gan().Trainer(options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"ganml-linear-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)mlContext.Model.Load(path, out _);

            Rows(loaded.Generate(50, seed: 2)).Should().BeEquivalentTo(Rows(model.Generate(50, seed: 2)), o => o.WithStrictOrdering());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dcgan_requires_Tanh()
    {
        var options = new GanTrainer.Options { Network = GanNetwork.Dcgan, GeneratorOutputActivation = GanOutputActivation.Linear };

        var create = () => new MLContext().Gan().Trainer(options);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("GanTrainer.Options.GeneratorOutputActivation must be Tanh with the Dcgan network*");
    }

    private static float[][] Rows(IDataView view) => view.GetColumn<float[]>("Features").ToArray();
}
