using System;
using System.IO;
using System.Text;

namespace Microsoft.ML.Gan;

/// <summary>
/// The envelope every GanML binary file shares: a magic tag, a format version, a length-prefixed body and a checksum of
/// the body. Each kind of file (a GAN model, reference feature statistics) has its own tag and version; every way the
/// envelope can be wrong (another file, a newer format, truncation, corruption) ends in an
/// <see cref="InvalidDataException"/> that says which.
/// </summary>
/// <param name="Magic">The tag the file starts with.</param>
/// <param name="CurrentVersion">The format this version writes; it reads every version up to this one.</param>
/// <param name="Kind">How an error names the file, as in "This is not a valid {Kind}".</param>
/// <param name="Noun">How the newer-version error names the content, as in "This {Noun} was saved in format version …".</param>
internal sealed record ChecksummedPayload(byte[] Magic, int CurrentVersion, string Kind, string Noun)
{
    /// <summary>Writes the envelope around the body that <paramref name="writeBody"/> writes.</summary>
    public void Write(Stream destination, Action<BinaryWriter> writeBody)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writeBody(writer);
        }

        Write(destination, body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    public void WriteFile(string path, Action<BinaryWriter> writeBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        Write(file, writeBody);
    }

    /// <summary>
    /// Verifies the envelope and reads the body with <paramref name="readBody"/>; a body that ends early or holds bad
    /// JSON is reported as inconsistent contents.
    /// </summary>
    public T Read<T>(Stream source, Func<BinaryReader, T> readBody)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (body, _) = ReadBody(source);
        using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
        try
        {
            return readBody(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or System.Text.Json.JsonException or ArgumentException or NotSupportedException)
        {
            throw Invalid($"its contents are inconsistent ({e.Message})", e);
        }
    }

    public T ReadFile<T>(string path, Func<BinaryReader, T> readBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        return Read(file, readBody);
    }

    public void Write(Stream destination, ReadOnlySpan<byte> body)
    {
        using var output = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(CurrentVersion);
        output.Write(body.Length);
        output.Write(body);
        output.Write(Checksum(body));
    }

    /// <summary>Reads and verifies the envelope; returns the body and the version it was written in.</summary>
    public (byte[] Body, int Version) ReadBody(Stream source)
    {
        using var input = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = input.ReadBytes(Magic.Length);
            if (magic.Length < Magic.Length && Magic.AsSpan().StartsWith(magic))
            {
                throw new EndOfStreamException();
            }

            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw Invalid($"it does not start with the {Kind} tag (it was not written by Microsoft.ML.Gan)");
            }

            var version = input.ReadInt32();
            if (version > CurrentVersion)
            {
                throw new InvalidDataException(
                    $"This {Noun} was saved in format version {version} by a newer Microsoft.ML.Gan; this version reads " +
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

            return (body, version);
        }
        catch (EndOfStreamException e)
        {
            throw Invalid("it is truncated", e);
        }
    }

    public InvalidDataException Invalid(string problem, Exception? inner = null) =>
        new($"This is not a valid {Kind}: {problem}.", inner);

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

    // FNV-1a, 64 bit: catches corruption of the body; a zip's own CRC covers the rest.
    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
