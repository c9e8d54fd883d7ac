using Microsoft.ML.Gan;

namespace GanML.Benchmarks;

/// <summary>One benchmark workload of issue 8: its data, the public API options and the plain-loop description.</summary>
internal sealed record Workload(string Name, string Description, BenchmarkData Data, GanTrainer.Options Options, PlainGanSpec Plain)
{
    public const int Seed = 1;

    /// <summary>B1: MLP-GAN on MNIST-10k, non-saturating loss, one epoch at batch 64.</summary>
    public static Workload B1(BenchmarkData mnist, int epochs = 1) => new(
        "B1", $"MLP-GAN, MNIST-10k, {epochs} epoch ({mnist.Rows / 64} D + G steps)", mnist,
        B1Options(epochs),
        new PlainGanSpec(PlainNetwork.MlpLeaky, PlainLoss.NonSaturating, LatentDimension: 64, BatchSize: 64, CriticSteps: 1,
            LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, Epochs: epochs, Seed: Seed));

    /// <summary>B1's options for the public API.</summary>
    public static GanTrainer.Options B1Options(int epochs) => MnistNonSaturating(epochs, static o =>
    {
        o.LatentDimension = 64;
        o.GeneratorHiddenLayers = [256, 512];
        o.DiscriminatorHiddenLayers = [512, 256];
        o.GeneratorActivation = GanActivation.LeakyRelu;
        o.DiscriminatorActivation = GanActivation.LeakyRelu;
    });

    /// <summary>B2: DCGAN-28 on MNIST-10k, non-saturating loss, one epoch at batch 64.</summary>
    public static Workload B2(BenchmarkData mnistImages) => new(
        "B2", $"DCGAN-28, MNIST-10k, 1 epoch ({mnistImages.Rows / 64} D + G steps)", mnistImages,
        MnistNonSaturating(1, static o =>
        {
            o.Network = GanNetwork.Dcgan;
            o.LatentDimension = 100;
            o.ImageSize = 28;
            o.ImageChannels = 1;
            o.ConvolutionWidth = 64;
            o.DiscriminatorBatchNorm = true;
        }),
        new PlainGanSpec(PlainNetwork.Dcgan28, PlainLoss.NonSaturating, LatentDimension: 100, BatchSize: 64, CriticSteps: 1,
            LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, Epochs: 1, Seed: Seed));

    /// <summary>
    /// B3: WGAN-GP on the 25-Gaussian grid, 5 critic steps per generator step, 200 generator iterations: one epoch over
    /// 1,000 × 256 rows.
    /// </summary>
    public static Workload B3(BenchmarkData grid) => new(
        "B3", $"WGAN-GP, 25-Gaussian grid, {grid.Rows / 256 / 5} G iterations ({grid.Rows / 256} critic steps)", grid,
        new GanTrainer.Options
        {
            Loss = GanLoss.WassersteinGradientPenalty,
            GradientPenaltyWeight = 10,
            Epochs = 1,
            BatchSize = 256,
            CriticSteps = 5,
            LatentDimension = 2,
            GeneratorHiddenLayers = [512, 512, 512],
            DiscriminatorHiddenLayers = [512, 512, 512],
            GeneratorActivation = GanActivation.Relu,
            DiscriminatorActivation = GanActivation.Relu,
            GeneratorOutputActivation = GanOutputActivation.Linear,
            GeneratorLearningRate = 1e-4,
            DiscriminatorLearningRate = 1e-4,
            Beta1 = 0.5,
            Beta2 = 0.9,
            GeneratorAverageDecay = 0, // the plain loops keep no average (MLP GANs average by default since 2026-12-06)
            Seed = Seed,
        },
        new PlainGanSpec(PlainNetwork.MlpRelu, PlainLoss.WassersteinGradientPenalty, LatentDimension: 2, BatchSize: 256, CriticSteps: 5,
            LearningRate: 1e-4, Beta1: 0.5, Beta2: 0.9, Epochs: 1, Seed: Seed));

    // What B1 and B2 share: loss, batch, one D step per G step, Adam 2e-4 (0.5, 0.999), LeakyReLU slope 0.2, no average.
    private static GanTrainer.Options MnistNonSaturating(int epochs, System.Action<GanTrainer.Options> network)
    {
        var options = new GanTrainer.Options
        {
            Loss = GanLoss.NonSaturating,
            Epochs = epochs,
            BatchSize = 64,
            CriticSteps = 1,
            LeakyReluSlope = 0.2,
            GeneratorLearningRate = 2e-4,
            DiscriminatorLearningRate = 2e-4,
            Beta1 = 0.5,
            Beta2 = 0.999,
            GeneratorAverageDecay = 0, // as B3
            Seed = Seed,
        };
        network(options);
        return options;
    }

    /// <summary>Rows of B3's grid: 200 generator iterations × 5 critic steps × 256 rows.</summary>
    public const int GridRows = 200 * 5 * 256;
}
