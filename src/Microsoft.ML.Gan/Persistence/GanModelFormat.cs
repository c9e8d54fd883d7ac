using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
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


    private static readonly byte[] Magic = "GanML-model\0"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(Stream destination, GanModel model) => WritePayload(destination, Metadata.From(model), Tensors(model));

    /// <summary>
    /// Writes any model in this format: <paramref name="metadata"/> as JSON, then the named tensors. Other model kinds
    /// (CycleGAN) share the envelope, its checks and its error messages.
    /// </summary>
    internal static void WritePayload<TMetadata>(Stream destination, TMetadata metadata, IEnumerable<(string Name, Tensor Tensor)> namedTensors)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            var tensors = namedTensors.ToArray();
            writer.Write(tensors.Length);
            foreach (var (name, tensor) in tensors)
            {
                WriteTensor(writer, name, tensor);
            }
        }

        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        using var output = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(CurrentVersion);
        output.Write(bytes.Length);
        output.Write(bytes);
        output.Write(Checksum(bytes));
    }

    public static GanModel Read(Stream source, Device device) =>
        ReadPayload<Metadata, GanModel>(source, (metadata, tensors) => metadata.ToModel(tensors, device));

    /// <summary>
    /// Reads a payload written by <see cref="WritePayload"/> and builds the model from its metadata and tensors; the
    /// tensors are disposed afterwards, so <paramref name="build"/> copies what it keeps.
    /// </summary>
    internal static TModel ReadPayload<TMetadata, TModel>(Stream source, Func<TMetadata, Dictionary<string, Tensor>, TModel> build)
    {
        using var input = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        var body = ReadBody(input);
        using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
        try
        {
            var metadata = JsonSerializer.Deserialize<TMetadata>(reader.ReadString(), Json)
                ?? throw Invalid("its metadata is empty");
            var tensors = new Dictionary<string, Tensor>();
            try
            {
                var count = reader.ReadInt32();
                for (var i = 0; i < count; i++)
                {
                    var (name, tensor) = ReadTensor(reader);
                    tensors[name] = tensor;
                }

                return build(metadata, tensors);
            }
            finally
            {
                foreach (var tensor in tensors.Values)
                {
                    tensor.Dispose();
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or NotSupportedException)
        {
            throw Invalid($"its contents are inconsistent ({e.Message})", e);
        }
    }

    private static byte[] ReadBody(BinaryReader input)
    {
        try
        {
            var magic = input.ReadBytes(Magic.Length);
            if (magic.Length < Magic.Length && Magic.AsSpan().StartsWith(magic))
            {
                throw new EndOfStreamException();
            }

            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw Invalid("it does not start with the GanML model tag (it was not written by Microsoft.ML.Gan)");
            }

            var version = input.ReadInt32();
            if (version > CurrentVersion)
            {
                throw new InvalidDataException(
                    $"This GAN model was saved in format version {version} by a newer Microsoft.ML.Gan; this version reads " +
                    $"formats up to {CurrentVersion}. Update the Microsoft.ML.Gan package to load it.");
            }

            if (version < 1)
            {
                throw Invalid($"its format version {version} is not valid");
            }

            var length = input.ReadInt32();
            // A corrupted length must not make us allocate more than the stream can hold.
            if (length < 0 || (input.BaseStream.CanSeek && length > input.BaseStream.Length - input.BaseStream.Position))
            {
                throw Invalid(length < 0 ? $"its declared length {length} is not valid" : "it is truncated");
            }

            var body = ReadUpTo(input.BaseStream, length);
            if (body.Length != length)
            {
                throw Invalid($"it is truncated: {length} bytes declared, {body.Length} present");
            }

            var checksum = input.ReadUInt64();
            if (checksum != Checksum(body))
            {
                throw Invalid("its checksum does not match its contents (the file is corrupted)");
            }

            return body;
        }
        catch (EndOfStreamException e)
        {
            throw Invalid("it is truncated", e);
        }
    }

    // Reads in chunks, so a corrupted length on a stream that cannot tell its size costs no more than the data present.
    private static byte[] ReadUpTo(Stream stream, int length)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(length, 1 << 20)];
        while (buffer.Length < length)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, length - buffer.Length));
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

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

        foreach (var (prefix, state) in new[] { ("generator", training.GeneratorOptimizer), ("discriminator", training.DiscriminatorOptimizer) })
        {
            for (var i = 0; i < state.FirstMoments.Count; i++)
            {
                yield return ($"training/adam/{prefix}/m/{i}", state.FirstMoments[i]);
                yield return ($"training/adam/{prefix}/v/{i}", state.SecondMoments[i]);
            }
        }
    }

    private static void WriteTensor(BinaryWriter writer, string name, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write(host.dtype switch
        {
            ScalarType.Float32 => (byte)0,
            ScalarType.Byte => (byte)1,
            ScalarType.Int64 => (byte)2,
            _ => throw new NotSupportedException($"Tensor '{name}' has type {host.dtype}, which the GAN model format does not store."),
        });
        var shape = host.shape;
        writer.Write(shape.Length);
        foreach (var size in shape)
        {
            writer.Write(size);
        }

        writer.Write(host.bytes);
    }

    private static (string Name, Tensor Tensor) ReadTensor(BinaryReader reader)
    {
        var name = reader.ReadString();
        var (type, itemSize) = reader.ReadByte() switch
        {
            0 => (ScalarType.Float32, 4),
            1 => (ScalarType.Byte, 1),
            2 => (ScalarType.Int64, 8),
            var other => throw Invalid($"tensor '{name}' has an unknown type code {other}"),
        };
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 8)
        {
            throw Invalid($"tensor '{name}' has an impossible rank {rank}");
        }

        var shape = new long[rank];
        long elements = 1;
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            elements *= shape[i];
            if (shape[i] < 0 || elements * itemSize > reader.BaseStream.Length)
            {
                throw Invalid($"tensor '{name}' declares more data than the file holds");
            }
        }

        var bytes = reader.ReadBytes((int)(elements * itemSize));
        if (bytes.Length != elements * itemSize)
        {
            throw new EndOfStreamException($"tensor '{name}' is cut short");
        }

        var tensor = empty(shape, type).DetachFromDisposeScope();
        tensor.bytes = bytes;
        return (name, tensor);
    }

    // FNV-1a, 64 bit: catches corruption of the body; the zip's own CRC covers the rest.
    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    internal static InvalidDataException Invalid(string problem, Exception? inner = null) =>
        new($"This is not a valid GanML model: {problem}.", inner);

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
            GeneratorOptimizer = Adam(tensors, "generator", GeneratorParameters, GeneratorAdamStep, device),
            DiscriminatorOptimizer = Adam(tensors, "discriminator", DiscriminatorParameters, DiscriminatorAdamStep, device),
        };

        private static AdamState Adam(Dictionary<string, Tensor> tensors, string prefix, int parameters, long step, Device device) => new(
            Enumerable.Range(0, parameters).Select(i => Take(tensors, $"training/adam/{prefix}/m/{i}").to(device).clone().DetachFromDisposeScope()).ToArray(),
            Enumerable.Range(0, parameters).Select(i => Take(tensors, $"training/adam/{prefix}/v/{i}").to(device).clone().DetachFromDisposeScope()).ToArray(),
            step);
    }

    /// <summary>Copies the tensors named <c>prefix/…</c> into <paramref name="module"/>'s state; shapes must match.</summary>
    internal static T Load<T>(T module, string prefix, Dictionary<string, Tensor> tensors)
        where T : nn.Module
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in module.state_dict())
        {
            var saved = Take(tensors, $"{prefix}/{name}");
            if (!saved.shape.SequenceEqual(target.shape))
            {
                module.Dispose();
                throw Invalid($"tensor '{prefix}/{name}' has shape [{string.Join(", ", saved.shape)}], the network needs [{string.Join(", ", target.shape)}]");
            }

            target.copy_(saved);
        }

        return module;
    }

    /// <summary>The named tensors of <paramref name="module"/>'s state under <paramref name="prefix"/>.</summary>
    internal static IEnumerable<(string Name, Tensor Tensor)> Named(string prefix, nn.Module module) =>
        module.state_dict().Select(entry => ($"{prefix}/{entry.Key}", entry.Value));

    private static Tensor Take(Dictionary<string, Tensor> tensors, string name) =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw Invalid($"tensor '{name}' is missing");
}
