using System;
using TorchSharp;

namespace Microsoft.ML.Gan;

/// <summary>The architecture and training settings a tabular GAN was built with; saved with the model as JSON.</summary>
internal sealed record TabularGanSettings
{
    public required int LatentDimension { get; init; }

    public required int[] GeneratorHiddenLayers { get; init; }

    public required int[] CriticHiddenLayers { get; init; }

    public required int PackSize { get; init; }

    public required int BatchSize { get; init; }

    public required int CriticSteps { get; init; }

    public required double GeneratorLearningRate { get; init; }

    public required double CriticLearningRate { get; init; }

    public required double Beta1 { get; init; }

    public required double Beta2 { get; init; }

    public required double WeightDecay { get; init; }

    public required double GradientPenaltyWeight { get; init; }

    public required double LeakyReluSlope { get; init; }

    public required double CriticDropout { get; init; }

    public required double GumbelTemperature { get; init; }

    /// <summary>Decay of the generator's weight average (0: none). Not required, so models saved before it load.</summary>
    public double GeneratorAveraging { get; init; }

    /// <summary>Whether generated marginals are calibrated (<see cref="TabularGanTrainer.Options.MarginalCalibration"/>); false in models saved before.</summary>
    public bool MarginalCalibration { get; init; }

    /// <summary>The label column (<see cref="TabularGanTrainer.Options.LabelColumnName"/>); null in models saved before it.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Share of training conditions on the label column (<see cref="TabularGanTrainer.Options.LabelConditionShare"/>).</summary>
    public double LabelConditionShare { get; init; }

    public static TabularGanSettings From(TabularGanTrainer.Options options, int rows) => new()
    {
        LatentDimension = options.LatentDimension,
        GeneratorHiddenLayers = [.. options.GeneratorHiddenLayers],
        CriticHiddenLayers = [.. options.CriticHiddenLayers],
        PackSize = options.PackSize,
        // A small table trains on all its rows per step, rounded down to whole packs.
        BatchSize = Math.Min(options.BatchSize, rows - rows % options.PackSize),
        CriticSteps = options.CriticSteps,
        GeneratorLearningRate = options.GeneratorLearningRate,
        CriticLearningRate = options.CriticLearningRate,
        Beta1 = options.Beta1,
        Beta2 = options.Beta2,
        WeightDecay = options.WeightDecay,
        GradientPenaltyWeight = options.GradientPenaltyWeight,
        LeakyReluSlope = options.LeakyReluSlope,
        CriticDropout = options.CriticDropout,
        GumbelTemperature = options.GumbelTemperature,
        GeneratorAveraging = options.GeneratorAveraging,
        MarginalCalibration = options.MarginalCalibration,
        LabelColumn = options.LabelColumnName,
        LabelConditionShare = options.LabelColumnName is null ? 0 : options.LabelConditionShare,
    };

    public TabularGenerator CreateGenerator(TabularEncoding encoding) =>
        new(LatentDimension + encoding.ConditionWidth, GeneratorHiddenLayers, encoding.Width);

    public TabularCritic CreateCritic(TabularEncoding encoding, torch.Generator random) =>
        new(encoding.Width + encoding.ConditionWidth, CriticHiddenLayers, PackSize, LeakyReluSlope, CriticDropout, random);
}
