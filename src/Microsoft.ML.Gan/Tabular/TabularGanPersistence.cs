using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a <see cref="TabularGanTransformer"/> takes part in <c>mlContext.Model.Save</c> and <c>Load</c>: one binary stream
/// in the GAN model format (<see cref="GanModelFormat"/>'s envelope: JSON metadata with the column encodings, the
/// generator's tensors, checksum) under ML.NET's versioned header, and a loader that <c>mlContext.Gan()</c> registers.
/// Version 0x00010002 adds the training state (critic, optimisers, random generator); version 0x00010001 models load
/// without it and can generate but not continue training.
/// </summary>
internal static class TabularGanPersistence
{
    public const string PayloadStreamName = "TabularGanModel.bin";

    public static readonly MLNetModelBridge.ModelFormat Format = new(
        modelSignature: "GANMLTAB",
        version: 0x00010002,
        versionReadable: 0x00010001,
        versionWeCanReadBack: 0x00010001,
        loaderSignature: "TabularGanTransformer",
        loaderAssemblyName: typeof(TabularGanTransformer).Assembly.GetName().Name);

    public static void Save(ModelSaveContext context, TabularGanModel model) =>
        MLNetModelBridge.Save(context, Format, new Dictionary<string, Action<Stream>>
        {
            [PayloadStreamName] = stream => Write(stream, model),
        });

    public static void Write(Stream stream, TabularGanModel model) =>
        GanModelFormat.WritePayload(stream, Metadata.From(model), Tensors(model));

    private static IEnumerable<(string Name, Tensor Tensor)> Tensors(TabularGanModel model)
    {
        var tensors = GanModelFormat.Named("generator", model.Generator);
        if (model.Training is not { } training)
        {
            return tensors;
        }

        return tensors
            .Concat(training.Tensors.Select(entry => (entry.Key, entry.Value)))
            .Concat(GanModelFormat.AdamTensors("generator", training.GeneratorOptimizer))
            .Concat(GanModelFormat.AdamTensors("critic", training.CriticOptimizer));
    }

    public static TabularGanModel Read(Stream stream, Device device) =>
        GanModelFormat.ReadPayload<Metadata, TabularGanModel>(stream, (metadata, tensors) => metadata.ToModel(tensors, device));

    /// <summary>Lets <paramref name="env"/> load tabular GANs onto the device <paramref name="selectDevice"/> picks; idempotent.</summary>
    public static void RegisterLoader(IHostEnvironment env, Func<IChannel, Device> selectDevice) =>
        MLNetModelBridge.RegisterLoader(env, Format, (environment, read) => read.ReadBinaryStream(PayloadStreamName, stream =>
        {
            using var channel = environment.Register(nameof(TabularGanTransformer)).Start("Loading");
            return new TabularGanTransformer(Read(stream, selectDevice(channel)));
        }));

    /// <summary>Everything but the tensors, as JSON.</summary>
    private sealed record Metadata
    {
        public required TabularGanSettings Settings { get; init; }

        public required TabularColumnModel[] Columns { get; init; }

        public required int TrainingSeed { get; init; }

        public required long GenerationSeed { get; init; }

        public required int TrainingRows { get; init; }

        public required GanEpochSummary[] History { get; init; }

        /// <summary>Absent in version 0x00010001 models.</summary>
        public TrainingMetadata? Training { get; init; }

        public static Metadata From(TabularGanModel model) => new()
        {
            Settings = model.Settings,
            Columns = model.Encoding.Columns,
            TrainingSeed = model.TrainingSeed,
            GenerationSeed = model.GenerationSeed,
            TrainingRows = model.TrainingRows,
            History = [.. model.History],
            Training = model.Training is { } t
                ? new TrainingMetadata(t.NextStep, t.NextCriticStep, t.PartialEpoch, t.GeneratorOptimizer.Step, t.CriticOptimizer.Step,
                    t.GeneratorOptimizer.FirstMoments.Count, t.CriticOptimizer.FirstMoments.Count)
                : null,
        };

        public TabularGanModel ToModel(Dictionary<string, Tensor> tensors, Device device)
        {
            if (Columns.Length == 0)
            {
                throw GanModelFormat.Invalid("it models no columns");
            }

            foreach (var column in Columns)
            {
                var valid = column.IsContinuous
                    ? column.Modes > 0 && column.Weights?.Length == column.Modes && column.StandardDeviations?.Length == column.Modes
                    : column.Categories is { Length: > 0 } categories && column.Counts?.Length == categories.Length;
                if (!valid)
                {
                    throw GanModelFormat.Invalid($"the encoding of column '{column.Spec.Name}' is incomplete");
                }
            }

            var encoding = new TabularEncoding(Columns);
            var generator = GanModelFormat.Load(Settings.CreateGenerator(encoding), "generator", tensors);
            generator.to(device);
            generator.eval();
            return new TabularGanModel
            {
                Settings = Settings,
                Encoding = encoding,
                Generator = generator,
                TrainingSeed = TrainingSeed,
                GenerationSeed = GenerationSeed,
                TrainingRows = TrainingRows,
                History = History,
                Training = Training?.ToState(tensors, device),
                Device = device,
            };
        }
    }

    private sealed record TrainingMetadata(int NextStep, int NextCriticStep, EpochTotals PartialEpoch,
        long GeneratorAdamStep, long CriticAdamStep, int GeneratorParameters, int CriticParameters)
    {
        public TabularTrainingState ToState(Dictionary<string, Tensor> tensors, Device device)
        {
            // Networks and random state are checked against the networks when training continues.
            var state = tensors
                .Where(entry => entry.Key.StartsWith(TabularTrainingState.CriticPrefix + "/", StringComparison.Ordinal) ||
                    (entry.Key.StartsWith("training/", StringComparison.Ordinal) && !entry.Key.StartsWith("training/adam/", StringComparison.Ordinal)))
                .ToDictionary(entry => entry.Key, entry => entry.Value.clone().DetachFromDisposeScope());
            if (!state.ContainsKey(TabularTrainingState.RandomStateName))
            {
                throw GanModelFormat.Invalid($"tensor '{TabularTrainingState.RandomStateName}' is missing");
            }

            return new TabularTrainingState
            {
                Tensors = state,
                NextStep = NextStep,
                NextCriticStep = NextCriticStep,
                PartialEpoch = PartialEpoch,
                GeneratorOptimizer = GanModelFormat.ReadAdam(tensors, "generator", GeneratorParameters, GeneratorAdamStep, device),
                CriticOptimizer = GanModelFormat.ReadAdam(tensors, "critic", CriticParameters, CriticAdamStep, device),
            };
        }
    }
}
