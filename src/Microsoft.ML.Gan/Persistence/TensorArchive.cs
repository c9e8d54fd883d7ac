using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Named tensors inside a <see cref="ChecksummedPayload"/> body: a count, then for each a name, a type code, a shape and
/// the raw bytes. Float32, byte and int64 tensors are stored; every inconsistency is reported through the payload's
/// "This is not a valid …" message.
/// </summary>
internal sealed class TensorArchive(ChecksummedPayload payload)
{
    public void Write(BinaryWriter writer, IReadOnlyCollection<(string Name, Tensor Tensor)> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            using var scope = NewDisposeScope();
            var host = tensor.detach().cpu().contiguous();
            writer.Write(name);
            writer.Write(host.dtype switch
            {
                ScalarType.Float32 => (byte)0,
                ScalarType.Byte => (byte)1,
                ScalarType.Int64 => (byte)2,
                _ => throw new NotSupportedException($"Tensor '{name}' has type {host.dtype}, which the {payload.Kind} format does not store."),
            });
            var shape = host.shape;
            writer.Write(shape.Length);
            foreach (var size in shape)
            {
                writer.Write(size);
            }

            writer.Write(host.bytes);
        }
    }

    /// <summary>Reads every tensor, hands them to <paramref name="use"/> by name, and disposes them afterwards.</summary>
    public T ReadAll<T>(BinaryReader reader, Func<Dictionary<string, Tensor>, T> use)
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var (name, tensor) = Read(reader);
                tensors[name] = tensor;
            }

            return use(tensors);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    public Tensor Take(Dictionary<string, Tensor> tensors, string name) =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw payload.Invalid($"tensor '{name}' is missing");

    /// <summary>Copies the tensors named <c>prefix/parameter</c> into <paramref name="module"/>; disposes it on a mismatch.</summary>
    public T LoadInto<T>(T module, string prefix, Dictionary<string, Tensor> tensors)
        where T : nn.Module
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in module.state_dict())
        {
            var saved = Take(tensors, $"{prefix}/{name}");
            if (!saved.shape.SequenceEqual(target.shape))
            {
                module.Dispose();
                throw payload.Invalid($"tensor '{prefix}/{name}' has shape [{string.Join(", ", saved.shape)}], the network needs [{string.Join(", ", target.shape)}]");
            }

            target.copy_(saved);
        }

        return module;
    }

    private (string Name, Tensor Tensor) Read(BinaryReader reader)
    {
        var name = reader.ReadString();
        var (type, itemSize) = reader.ReadByte() switch
        {
            0 => (ScalarType.Float32, 4),
            1 => (ScalarType.Byte, 1),
            2 => (ScalarType.Int64, 8),
            var other => throw payload.Invalid($"tensor '{name}' has an unknown type code {other}"),
        };
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 8)
        {
            throw payload.Invalid($"tensor '{name}' has an impossible rank {rank}");
        }

        var shape = new long[rank];
        long elements = 1;
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            elements *= shape[i];
            if (shape[i] < 0 || elements * itemSize > reader.BaseStream.Length)
            {
                throw payload.Invalid($"tensor '{name}' declares more data than the file holds");
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
}
