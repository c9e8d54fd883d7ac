using System.Globalization;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks;

/// <summary>PacGAN packing: the discriminator judges m consecutive rows concatenated into one input.</summary>
public sealed class PackingTests(ITestOutputHelper output)
{
    [Fact]
    public void Discriminator_reads_every_row_of_a_pack_through_one_shared_first_layer()
    {
        using var scope = NewDisposeScope();
        using var packed = new MlpDiscriminator(rowDimension: 3, packSize: 2, hidden: [8, 5], GanActivation.LeakyRelu, 0.2, sharedRowLayer: true);
        var rows = randn(6, 3);

        var scores = packed.forward(rows);

        scores.shape.Should().Equal(3);
        var children = packed.named_children().ToDictionary(c => c.name, c => c.module);
        var rowLayer = (Linear)children["row_layer"];
        // hidden[0] / packSize units per row, so the packed input to the next layer is as wide as an unpacked D's.
        rowLayer.weight!.shape.Should().Equal(4, 3);
        // The same weights applied row by row, then to each pair's features side by side, give the same scores.
        var features = nn.functional.leaky_relu(rowLayer.forward(rows), 0.2).reshape(3, 8);
        var layers = (nn.Module<Tensor, Tensor>)children["layers"];
        scores.data<float>().ToArray().Should().Equal(layers.forward(features).squeeze(1).data<float>().ToArray());
    }

    [Fact]
    public void The_layout_of_models_saved_before_scores_each_pack_as_the_MLP_of_its_concatenated_rows()
    {
        using var scope = NewDisposeScope();
        using var packed = new MlpDiscriminator(rowDimension: 3, packSize: 2, hidden: [5], GanActivation.LeakyRelu, 0.2, sharedRowLayer: false);
        var rows = randn(6, 3);

        var scores = packed.forward(rows);

        scores.shape.Should().Equal(3);
        var pairs = rows.reshape(3, 6);
        var layers = (nn.Module<Tensor, Tensor>)packed.named_children().Single(c => c.name == "layers").module;
        scores.data<float>().ToArray().Should().Equal(layers.forward(pairs).squeeze(1).data<float>().ToArray());
    }

    [Fact]
    public void Discriminator_rejects_a_row_count_that_is_not_a_whole_number_of_packs()
    {
        using var packed = new MlpDiscriminator(rowDimension: 2, packSize: 4, hidden: [4], GanActivation.Relu, 0.2, sharedRowLayer: true);
        using var rows = randn(6, 2);

        var score = () => packed.forward(rows);

        score.Should().Throw<System.ArgumentException>().WithMessage("The discriminator packs 4 rows per input; got 6 rows.*");
    }

    [Fact]
    public void Training_with_packing_learns_the_ring()
    {
        var mlContext = new MLContext(seed: 1);
        var options = RingMixture.TrainingOptions(GanLoss.NonSaturating, epochs: 100);
        options.PackSize = 4;

        using var model = mlContext.Gan().Trainer(options).Fit(RingMixture.Create(mlContext, rows: 2048, seed: 101));
        var quality = RingMixture.Measure(TestData.GeneratedRows.Read(model.Generate(2000, seed: 123), "Features"));

        quality.MedianRadialError.Should().BeLessThan(0.3, quality.ToString());
        quality.MedianDistanceToNearestCentre.Should().BeLessThan(0.6, quality.ToString());
    }

    /// <summary>
    /// A D that packs 4 rows tells real packs from generated ones early on the 25-Gaussian grid: its loss leaves 2 ln 2
    /// (a D that learns nothing stays within about 0.01 of it). Measured minima over 3 epochs, seeds 1–3: 1.27, 1.30,
    /// 1.16 with minimax, the default loss for vectors (1.21, 1.22, 1.32 with the non-saturating loss, the default
    /// before). The full-size stall issue 15 saw (2 ln 2 for 30 epochs of 100,000 rows) is guarded by GridQualityTests
    /// and measured by eng/toy/protocol-table.sh.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_discriminator_packing_4_rows_learns_within_a_few_epochs_on_the_grid(int seed)
    {
        var mlContext = new MLContext(seed: seed);
        var options = new GanTrainer.Options { PackSize = 4, Epochs = 3, Seed = seed };

        using var model = mlContext.Gan().Trainer(options).Fit(GaussianMixture.Grid.Create(mlContext, 4096, seed: 100 + seed));

        var losses = model.TrainingHistory.Select(e => e.DiscriminatorLoss).ToArray();
        output.WriteLine($"D loss by epoch {string.Join(", ", losses.Select(l => l.ToString("F3", CultureInfo.InvariantCulture)))}");
        losses.Min().Should().BeLessThan((2 * System.Math.Log(2)) - 0.05, string.Join(", ", losses));
    }
}
