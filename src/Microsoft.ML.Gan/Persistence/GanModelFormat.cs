using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The binary payload of a saved GAN: a magic tag, a format version, a length-prefixed body (JSON metadata, then named
/// tensors) and a checksum of the body. Every way a payload can be wrong (another file, a newer format, truncation,
/// corruption, missing or misshapen tensors) ends in an <see cref="InvalidDataException"/> that says which.
/// </summary>
internal static class GanModelFormat
{
    /// <summary>The format this version writes; it reads every version up to this one.</summary>
    public const int CurrentVersion = 1;

    private static readonly ChecksummedPayload Payload = new("GanML-model\0"u8.ToArray(), CurrentVersion, "GanML model", "GAN model");

    private static readonly TensorArchive Archive = new(Payload);

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(Stream destination, GanModel model) => WritePayload(destination, Metadata.From(model), Tensors(model));

    public static GanModel Read(Stream source, Device device) =>
        ReadPayload<Metadata, GanModel>(source, (metadata, tensors) => metadata.ToModel(tensors, device));

    /// <summary>
    /// Writes any model in this format: <paramref name="metadata"/> as JSON, then the named tensors. Other model kinds
    /// (CycleGAN) share the envelope, its checks and its error messages.
    /// </summary>
    internal static void WritePayload<TMetadata>(Stream destination, TMetadata metadata, IEnumerable<(string Name, Tensor Tensor)> namedTensors) =>
        Payload.Write(destination, writer =>
        {
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            Archive.Write(writer, namedTensors.ToArray());
        });

    /// <summary>
    /// Reads a payload written by <see cref="WritePayload"/> and builds the model from its metadata and tensors; the
    /// tensors are disposed afterwards, so <paramref name="build"/> copies what it keeps.
    /// </summary>
    internal static TModel ReadPayload<TMetadata, TModel>(Stream source, Func<TMetadata, Dictionary<string, Tensor>, TModel> build) =>
        Payload.Read(source, reader =>
        {
            var metadata = JsonSerializer.Deserialize<TMetadata>(reader.ReadString(), Json) ?? throw Invalid("its metadata is empty");
            return Archive.ReadAll(reader, tensors => build(metadata, tensors));
        });

    private static IEnumerable<(string Name, Tensor Tensor)> Tensors(GanModel model)
    {
        foreach (var (name, tensor) in model.Generator.state_dict())
        {
            yield return ($"generator/{name}", tensor);
        }

        foreach (var (name, tensor) in model.Discriminator.state_dict())
        {
            yield return ($"discriminator/{name}", tensor);
        }

        if (model.GeneratorAverage is { } average)
        {
            foreach (var (name, tensor) in average.state_dict())
            {
                yield return ($"generator_average/{name}", tensor);
            }
        }

        if (model.Training is not { } training)
        {
            yield break;
        }

        yield return ("training/random/permutation", training.PermutationRandomState);
        yield return ("training/random/noise", training.NoiseRandomState);
        if (training.EpochOrder is { } order)
        {
            yield return ("training/order", order);
        }

        foreach (var named in AdamTensors("generator", training.GeneratorOptimizer).Concat(AdamTensors("discriminator", training.DiscriminatorOptimizer)))
        {
            yield return named;
        }
    }

    /// <summary>The moments of <paramref name="state"/> named <c>training/adam/prefix/m|v/i</c>; shared by every model kind that keeps training state.</summary>
    internal static IEnumerable<(string Name, Tensor Tensor)> AdamTensors(string prefix, AdamState state)
    {
        for (var i = 0; i < state.FirstMoments.Count; i++)
        {
            yield return ($"training/adam/{prefix}/m/{i}", state.FirstMoments[i]);
            yield return ($"training/adam/{prefix}/v/{i}", state.SecondMoments[i]);
        }
    }

    /// <summary>Reads back what <see cref="AdamTensors"/> wrote, copied onto <paramref name="device"/>.</summary>
    internal static AdamState ReadAdam(Dictionary<string, Tensor> tensors, string prefix, int parameters, long step, Device device) => new(
        Enumerable.Range(0, parameters).Select(i => Take(tensors, $"training/adam/{prefix}/m/{i}").to(device).clone().DetachFromDisposeScope()).ToArray(),
        Enumerable.Range(0, parameters).Select(i => Take(tensors, $"training/adam/{prefix}/v/{i}").to(device).clone().DetachFromDisposeScope()).ToArray(),
        step);

    internal static InvalidDataException Invalid(string problem, Exception? inner = null) => Payload.Invalid(problem, inner);

    /// <summary>Everything but the tensors, as JSON.</summary>
    private sealed record Metadata
    {
        public required GanSettings Settings { get; init; }

        public required float[] ScalingCenter { get; init; }

        public required float[] ScalingHalfRange { get; init; }

        public required int TrainingSeed { get; init; }

        public required long GenerationSeed { get; init; }

        public required GanEpochSummary[] History { get; init; }

        public TrainingMetadata? Training { get; init; }

        public static Metadata From(GanModel model) => new()
        {
            Settings = model.Settings,
            ScalingCenter = model.Scaling.Center,
            ScalingHalfRange = model.Scaling.HalfRange,
            TrainingSeed = model.TrainingSeed,
            GenerationSeed = model.GenerationSeed,
            History = [.. model.History],
            Training = model.Training is { } t
                ? new TrainingMetadata(t.CompletedEpochs, t.DiscriminatorStepsTaken, t.NextBatch, t.PartialEpoch,
                    t.GeneratorOptimizer.Step, t.DiscriminatorOptimizer.Step, t.GeneratorOptimizer.FirstMoments.Count,
                    t.DiscriminatorOptimizer.FirstMoments.Count)
                : null,
        };

        public GanModel ToModel(Dictionary<string, Tensor> tensors, Device device)
        {
            if (ScalingCenter.Length != Settings.FeatureDimension || ScalingHalfRange.Length != Settings.FeatureDimension)
            {
                throw Invalid($"its scaling has {ScalingCenter.Length} slots for {Settings.FeatureDimension} features");
            }

            var generator = Load(Settings.CreateGenerator(), "generator", tensors).to(device);
            var discriminator = Load(Settings.CreateDiscriminator(), "discriminator", tensors).to(device);
            var average = Settings.GeneratorAverageDecay is null ? null : Load(Settings.CreateGenerator(), "generator_average", tensors).to(device);
            return new GanModel
            {
                Settings = Settings,
                Scaling = new FeatureScaling(ScalingCenter, ScalingHalfRange),
                Generator = generator,
                Discriminator = discriminator,
                GeneratorAverage = average,
                TrainingSeed = TrainingSeed,
                GenerationSeed = GenerationSeed,
                History = History,
                Training = Training?.ToState(tensors, device),
                Device = device,
            };
        }

    }

    private sealed record TrainingMetadata(int CompletedEpochs, long DiscriminatorStepsTaken, int NextBatch, EpochTotals PartialEpoch,
        long GeneratorAdamStep, long DiscriminatorAdamStep, int GeneratorParameters, int DiscriminatorParameters)
    {
        public TrainingState ToState(Dictionary<string, Tensor> tensors, Device device) => new()
        {
            CompletedEpochs = CompletedEpochs,
            DiscriminatorStepsTaken = DiscriminatorStepsTaken,
            NextBatch = NextBatch,
            PartialEpoch = PartialEpoch,
            EpochOrder = tensors.ContainsKey("training/order") ? Take(tensors, "training/order").clone().DetachFromDisposeScope() : null,
            PermutationRandomState = Take(tensors, "training/random/permutation").clone().DetachFromDisposeScope(),
            NoiseRandomState = Take(tensors, "training/random/noise").clone().DetachFromDisposeScope(),
            GeneratorOptimizer = ReadAdam(tensors, "generator", GeneratorParameters, GeneratorAdamStep, device),
            DiscriminatorOptimizer = ReadAdam(tensors, "discriminator", DiscriminatorParameters, DiscriminatorAdamStep, device),
        };
    }

    internal static Tensor Take(Dictionary<string, Tensor> tensors, string name) => Archive.Take(tensors, name);

    /// <summary>Copies the tensors named <c>prefix/…</c> into <paramref name="module"/>'s state; shapes must match.</summary>
    internal static T Load<T>(T module, string prefix, Dictionary<string, Tensor> tensors)
        where T : nn.Module => Archive.LoadInto(module, prefix, tensors);

    /// <summary>The named tensors of <paramref name="module"/>'s state under <paramref name="prefix"/>.</summary>
    internal static IEnumerable<(string Name, Tensor Tensor)> Named(string prefix, nn.Module module) =>
        module.state_dict().Select(entry => ($"{prefix}/{entry.Key}", entry.Value));
}
