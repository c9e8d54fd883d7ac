using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// What a fitted CycleGAN keeps: the settings, each domain's pixel scaling and both generators. The discriminators
/// only serve training and are not kept. <see cref="CycleGanTransformer"/> wraps it; model zips store it.
/// </summary>
internal sealed class CycleGanModel : IDisposable
{
    public required CycleGanSettings Settings { get; init; }

    /// <summary>Domain A's units ↔ [−1, 1] (one range for every pixel).</summary>
    public required FeatureScaling ScalingA { get; init; }

    /// <summary>Domain B's units ↔ [−1, 1].</summary>
    public required FeatureScaling ScalingB { get; init; }

    /// <summary>G: A → B.</summary>
    public required nn.Module<Tensor, Tensor> AToB { get; init; }

    /// <summary>F: B → A.</summary>
    public required nn.Module<Tensor, Tensor> BToA { get; init; }

    public required int TrainingSeed { get; init; }

    public required IReadOnlyList<CycleGanEpochSummary> History { get; init; }

    public required Device Device { get; init; }

    public void Dispose()
    {
        AToB.Dispose();
        BToA.Dispose();
    }
}
