using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Everything a fitted GAN is: its settings, the data scaling, both networks, the seeds, the history and (when it can keep
/// training) the optimiser and random-generator state. <see cref="GanTransformer"/> wraps it; model zips store it.
/// </summary>
internal sealed class GanModel : IDisposable
{
    public required GanSettings Settings { get; init; }

    public required FeatureScaling Scaling { get; init; }

    public required nn.Module<Tensor, Tensor> Generator { get; init; }

    public required nn.Module<Tensor, Tensor> Discriminator { get; init; }

    /// <summary>The moving average of the generator's weights, when the settings ask for one; generation uses it.</summary>
    public nn.Module<Tensor, Tensor>? GeneratorAverage { get; init; }

    public required int TrainingSeed { get; init; }

    public required long GenerationSeed { get; init; }

    public required IReadOnlyList<GanEpochSummary> History { get; init; }

    public TrainingState? Training { get; init; }

    public required Device Device { get; init; }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        GeneratorAverage?.Dispose();
        Training?.Dispose();
    }
}
