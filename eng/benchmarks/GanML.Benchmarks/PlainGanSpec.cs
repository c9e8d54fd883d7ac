namespace GanML.Benchmarks;

/// <summary>The networks of the plain TorchSharp loops.</summary>
internal enum PlainNetwork
{
    /// <summary>B1: G 64 → 256 → 512 → 784 → Tanh, D 784 → 512 → 256 → 1, LeakyReLU(0.2).</summary>
    MlpLeaky,

    /// <summary>B2: the DCGAN-28 pair.</summary>
    Dcgan28,

    /// <summary>B3: G 2 → 512 ×3 → 2, critic 2 → 512 ×3 → 1, ReLU, no output activation.</summary>
    MlpRelu,
}

/// <summary>The losses of the plain loops.</summary>
internal enum PlainLoss
{
    NonSaturating,
    WassersteinGradientPenalty,
}

/// <summary>What a plain TorchSharp loop trains: the same hyperparameters as the API options of its workload.</summary>
internal sealed record PlainGanSpec(PlainNetwork Network, PlainLoss Loss, int LatentDimension, int BatchSize, int CriticSteps,
    double LearningRate, double Beta1, double Beta2, int Epochs, int Seed);
