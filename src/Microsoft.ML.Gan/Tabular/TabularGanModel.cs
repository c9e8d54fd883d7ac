using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Everything a fitted tabular GAN holds: settings, the column encodings, the generator, the history and (when it can
/// keep training) the critic, optimiser and random-generator state.
/// </summary>
internal sealed class TabularGanModel : IDisposable
{
    public required TabularGanSettings Settings { get; init; }

    public required TabularEncoding Encoding { get; init; }

    public required TabularGenerator Generator { get; init; }

    public required int TrainingSeed { get; init; }

    /// <summary>Seed of the row streams of <c>Transform</c> (rows keyed by position).</summary>
    public required long GenerationSeed { get; init; }

    /// <summary>Rows the model was trained on.</summary>
    public required int TrainingRows { get; init; }

    public required IReadOnlyList<GanEpochSummary> History { get; init; }

    /// <summary>The state to continue training from; null in models saved before it was kept.</summary>
    public TabularTrainingState? Training { get; init; }

    public required Device Device { get; init; }

    /// <summary>This model with another encoding of the same layout (the generator and state move to the copy).</summary>
    public TabularGanModel WithEncoding(TabularEncoding encoding) => ReferenceEquals(encoding, Encoding) ? this : new()
    {
        Settings = Settings,
        Encoding = encoding,
        Generator = Generator,
        TrainingSeed = TrainingSeed,
        GenerationSeed = GenerationSeed,
        TrainingRows = TrainingRows,
        History = History,
        Training = Training,
        Device = Device,
    };

    public void Dispose()
    {
        Generator.Dispose();
        Training?.Dispose();
    }
}
