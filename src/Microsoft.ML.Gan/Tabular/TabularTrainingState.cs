using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Where tabular training stands between two steps: enough to continue exactly as if it had never stopped (on the CPU).
/// Taken at epoch ends for checkpoints and at cancellation, possibly in the middle of an epoch.
/// </summary>
internal sealed class TabularTrainingState : IDisposable
{
    /// <summary>
    /// Network states by name (<c>critic/…</c> and, with averaging, the trained generator <c>training/generator/…</c> and
    /// its average <c>training/generator_average/…</c>; without, the model's generator is the trained one) and the random
    /// generator's state (<see cref="RandomStateName"/>); owned.
    /// </summary>
    public required Dictionary<string, Tensor> Tensors { get; init; }

    /// <summary>Step of the epoch in progress (from 1) to take next; 1 at an epoch boundary.</summary>
    public required int NextStep { get; init; }

    /// <summary>Critic updates of <see cref="NextStep"/> already taken (CriticSteps: the generator update is next).</summary>
    public required int NextCriticStep { get; init; }

    /// <summary>Loss sums of the epoch in progress, so its summary counts every step.</summary>
    public EpochTotals PartialEpoch { get; init; }

    public required AdamState GeneratorOptimizer { get; init; }

    public required AdamState CriticOptimizer { get; init; }

    public const string RandomStateName = "training/random";

    public const string CriticPrefix = "critic";

    public const string GeneratorPrefix = "training/generator";

    public const string AveragePrefix = "training/generator_average";

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }

        GeneratorOptimizer.Dispose();
        CriticOptimizer.Dispose();
    }
}
