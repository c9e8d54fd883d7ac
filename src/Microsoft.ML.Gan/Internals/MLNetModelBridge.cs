using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// Lets a transformer from outside Microsoft's assemblies take part in <c>MLContext.Model.Save</c> and
/// <c>MLContext.Model.Load</c>, as ML.NET's own transformers do. It is the only place that reaches ML.NET's non-public
/// model persistence members; every member is resolved once, on first use, and was verified against Microsoft.ML
/// <see cref="MLNetInternals.VerifiedMicrosoftMLVersions"/>. <see cref="Verify"/> resolves them all, so that a guard test fails loudly,
/// naming the member, after an upgrade that moves one.
/// </summary>
/// <remarks>
/// <para><b>Saving.</b> The transformer implements <see cref="ICanSaveModel"/> explicitly and calls
/// <see cref="Save"/> from it. ML.NET gives every saved component a folder in the model zip (for example
/// <c>TransformerChain/</c> for a model saved alone, or <c>TransformerChain/Transform_001/</c> inside a chain) holding
/// <c>Model.key</c>, a versioned header written by ML.NET, the named binary streams written here, one file each, and
/// <see cref="ManifestStreamName"/>, their lengths and SHA-256, which the loader checks before the factory runs.</para>
/// <para><b>Loading.</b> ML.NET reads the loader signature from the header and asks the <see cref="ComponentCatalog"/>
/// of the loading <see cref="MLContext"/> for a loader registered under that name. Each <see cref="MLContext"/> has its
/// own catalog, so <see cref="RegisterLoader{TTransformer}"/> must run once on every context before it loads a model
/// (<c>mlContext.Gan()</c> and <c>mlContext.Model.LoadGan</c> do it).
/// Without it <c>Model.Load</c> throws <see cref="FormatException"/> "Couldn't load model: 'TransformerChain'" for a
/// transformer saved alone, and <see cref="InvalidOperationException"/> "Error during class instantiation" (inner
/// <see cref="TargetInvocationException"/>, then <see cref="FormatException"/>
/// "Couldn't load model: 'TransformerChain/Transform_001'") inside a chain. Before looking the loader up, ML.NET calls
/// <c>Assembly.Load</c> with the loader assembly name of the header and <c>ComponentCatalog.RegisterAssembly</c> on it,
/// but that scan only finds ML.NET's internal <c>LoadableClassAttribute</c>, which C# cannot declare outside ML.NET
/// and which the runtime drops from an assembly without <c>IgnoresAccessChecksTo("Microsoft.ML.Core")</c>; so the
/// scan alone does not register this loader.</para>
/// <para>The loader is registered with a <see cref="MethodInfo"/> whose <see cref="MethodBase.Invoke(object, object[])"/>
/// calls the factory directly: an exception from the factory or the version check reaches the caller of
/// <c>Model.Load</c> unwrapped when the transformer was saved alone. Inside a <c>TransformerChain</c> ML.NET invokes
/// the chain's own constructor by reflection, so there it arrives as the inner exception of a
/// <see cref="TargetInvocationException"/>.</para>
/// </remarks>
internal static class MLNetModelBridge
{

    /// <summary>The stream, beside the component's own, that lists the SHA-256 and length of each of them. ML.NET's zip
    /// reader does not check the zip's CRCs, so without it a flipped bit in a stream would load silently.</summary>
    public const string ManifestStreamName = "BinaryStreams.sha256";

    private static readonly Lazy<Members> Resolved = new(Members.Resolve);

    // ML.NET's catalog names are matched case-insensitively; the header holds at most 24 one-byte characters.
    private static readonly Regex LoaderSignaturePattern = new(@"^[A-Za-z0-9_][A-Za-z0-9_.]{0,23}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Resolves every non-public ML.NET member this class uses.
    /// </summary>
    /// <exception cref="MissingMemberException">A member is missing or has changed; the message names the first one.</exception>
    public static void Verify() => _ = Resolved.Value;

    /// <summary>
    /// Writes the versioned header and the binary streams of a component. Call it from
    /// <see cref="ICanSaveModel.Save"/>, and nothing else with <paramref name="ctx"/>.
    /// </summary>
    /// <param name="ctx">The context ML.NET passed to <see cref="ICanSaveModel.Save"/>.</param>
    /// <param name="format">The component's persisted format.</param>
    /// <param name="binaryStreams">The streams to write, by file name (for example <c>Generator.bin</c>): each action
    /// writes one file of the component's folder in the zip. Files are written in ordinal name order; the stream an
    /// action receives is only valid during the call and must not be disposed (disposing it is ignored).</param>
    /// <exception cref="ArgumentException">A stream name is empty, has a path separator, is <c>Model.key</c>, or
    /// differs from another only by case.</exception>
    /// <exception cref="NotSupportedException"><paramref name="ctx"/> writes a single stream, not a model zip.</exception>
    public static void Save(ModelSaveContext ctx, ModelFormat format, IReadOnlyDictionary<string, Action<Stream>> binaryStreams)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(binaryStreams);
        var names = binaryStreams.Keys.OrderBy(name => name, StringComparer.Ordinal).ToArray();
        CheckStreamNames(names, nameof(binaryStreams));

        var members = Resolved.Value;
        if (!(bool)Call(members.SaveInRepository, ctx)!)
        {
            throw new NotSupportedException(
                $"'{format.LoaderSignature}' can only be saved into an ML.NET model zip (MLContext.Model.Save), not into a single stream.");
        }

        Call(members.SaveCheckAtModel, ctx);
        Call(members.SaveSetVersionInfo, ctx, members.CreateVersionInfo(format));
        var manifest = new StringBuilder();
        foreach (var name in names)
        {
            var write = binaryStreams[name] ?? throw new ArgumentException($"The writer of binary stream '{name}' is null.", nameof(binaryStreams));
            Action<BinaryWriter> writeEntry = writer =>
            {
                writer.Flush();
                var entry = writer.BaseStream;
                write(new NonClosingStream(entry));
                entry.Flush();
                var (length, digest) = Digest(entry);
                entry.Seek(0, SeekOrigin.End);
                manifest.Append(CultureInfo.InvariantCulture, $"{digest} {length} {name}\n");
            };
            Call(members.SaveBinaryStream, ctx, name, writeEntry);
        }

        Action<BinaryWriter> writeManifest = writer => writer.Write(Encoding.UTF8.GetBytes(manifest.ToString()));
        Call(members.SaveBinaryStream, ctx, ManifestStreamName, writeManifest);
    }

    /// <summary>
    /// Registers the loader of <typeparamref name="TTransformer"/> in <paramref name="env"/>'s component catalog, under
    /// <see cref="ModelFormat.LoaderSignature"/>, so that <c>Model.Load</c> on that context returns a
    /// <typeparamref name="TTransformer"/> (alone or inside a chain). Idempotent and thread-safe: registering the same
    /// signature for the same type again does nothing (the first registration's format and factory stay). Register
    /// before loading: ML.NET's own lookups do not lock.
    /// </summary>
    /// <typeparam name="TTransformer">The concrete type that <paramref name="create"/> returns.</typeparam>
    /// <param name="env">The context (an <see cref="MLContext"/>) that will load models.</param>
    /// <param name="format">The component's persisted format; the loader rejects files written in another format or
    /// in a version outside [<see cref="ModelFormat.VersionWeCanReadBack"/>, <see cref="ModelFormat.Version"/>].</param>
    /// <param name="create">Builds the transformer from the component's binary streams. It is called during
    /// <c>Model.Load</c>, after the version check; the <see cref="ModelReadContext"/> is only valid during the call.</param>
    /// <returns><see langword="true"/> if this call registered the loader; <see langword="false"/> if it was already registered.</returns>
    /// <exception cref="InvalidOperationException">Another type is already registered under the same signature.</exception>
    public static bool RegisterLoader<TTransformer>(
        IHostEnvironment env,
        ModelFormat format,
        Func<IHostEnvironment, ModelReadContext, TTransformer> create)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(create);
        var members = Resolved.Value;
        var catalog = env.ComponentCatalog;
        var expectedModelSignature = members.ModelSignatureOf(format);

        // The catalog's own lock, which ComponentCatalog.RegisterAssembly also takes.
        lock (members.CatalogLock.GetValue(catalog)!)
        {
            var existing = Call(members.CatalogGetLoadableClassInfo, catalog, format.LoaderSignature, members.SignatureLoadModel);
            if (existing is not null)
            {
                var existingType = (Type)Call(members.ClassInfoType, existing)!;
                if (Call(members.ClassInfoCreateMethod, existing) is LoaderMethod && existingType == typeof(TTransformer))
                {
                    return false;
                }

                throw new InvalidOperationException(
                    $"The ML.NET loader signature '{format.LoaderSignature}' is already registered in this context for " +
                    $"{existingType.FullName}; it cannot also load {typeof(TTransformer).FullName}.");
            }

            var method = new LoaderMethod(typeof(TTransformer), (loadEnv, loadContext) =>
                Load(members, format, expectedModelSignature, loadEnv, loadContext, create));
            var attribute = Construct(
                members.LoadableClassAttributeConstructor,
                $"Loads {typeof(TTransformer).Name} saved by MLContext.Model.Save.",
                typeof(TTransformer),
                typeof(TTransformer),
                null,
                new[] { members.SignatureLoadModel },
                typeof(TTransformer).Name,
                new[] { format.LoaderSignature });
            var classInfo = Construct(members.LoadableClassInfoConstructor, attribute, null, null, method, true);
            Call(members.CatalogAddClass, catalog, classInfo, new[] { format.LoaderSignature }, true);
            return true;
        }
    }

    /// <summary>Whether a loader is registered under <paramref name="loaderSignature"/> in <paramref name="env"/>'s catalog.</summary>
    /// <param name="env">The context to look in.</param>
    /// <param name="loaderSignature">The loader signature, matched case-insensitively as ML.NET does.</param>
    /// <returns><see langword="true"/> if <c>Model.Load</c> on that context can find a loader for the signature.</returns>
    public static bool IsLoaderRegistered(IHostEnvironment env, string loaderSignature)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(loaderSignature);
        var members = Resolved.Value;
        return Call(members.CatalogGetLoadableClassInfo, env.ComponentCatalog, loaderSignature, members.SignatureLoadModel) is not null;
    }

    private static TTransformer Load<TTransformer>(
        Members members,
        ModelFormat format,
        ulong expectedModelSignature,
        IHostEnvironment env,
        object loadContext,
        Func<IHostEnvironment, ModelReadContext, TTransformer> create)
        where TTransformer : class, ITransformer
    {
        var directory = (string?)members.LoadDirectory.GetValue(loadContext) ?? string.Empty;
        var header = members.LoadHeader.GetValue(loadContext)!;
        var modelSignature = (ulong)members.HeaderModelSignature.GetValue(header)!;
        var written = (uint)members.HeaderModelVerWritten.GetValue(header)!;
        var readable = (uint)members.HeaderModelVerReadable.GetValue(header)!;
        var where = $"'{format.LoaderSignature}' from '{directory}/' of the model file";

        if (modelSignature != expectedModelSignature)
        {
            throw new FormatException(
                $"Cannot load {where}: its model signature is '{DecodeSignature(modelSignature)}', not '{format.ModelSignature}'. " +
                "The file was not written by this component, or it is corrupt.");
        }

        if (readable > written)
        {
            throw new FormatException(
                $"Cannot load {where}: its header is inconsistent (readable version {Hex(readable)} > written version {Hex(written)}). The file is corrupt.");
        }

        if (readable > format.Version)
        {
            throw new FormatException(
                $"Cannot load {where}: it was written in format version {Hex(written)} by a newer {format.LoaderAssemblyName ?? "library"} " +
                $"and needs a reader of format version {Hex(readable)} or later, but this version reads formats up to {Hex(format.Version)}. " +
                $"Load it with a newer version of {format.LoaderAssemblyName ?? "the library"}.");
        }

        if (written < format.VersionWeCanReadBack)
        {
            throw new FormatException(
                $"Cannot load {where}: it was written in format version {Hex(written)}, older than the oldest format this version reads " +
                $"({Hex(format.VersionWeCanReadBack)}). Load it with the older version of {format.LoaderAssemblyName ?? "the library"} that wrote it.");
        }

        ModelReadContext? reader = null;
        try
        {
            reader = new ModelReadContext(members, loadContext, directory, written, VerifyStreams(members, loadContext, where));
            return create(env, reader)
                ?? throw new InvalidOperationException($"The loader of '{format.LoaderSignature}' returned null.");
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
        {
            // A damaged zip entry, or a stream shorter than its format says: report it as ML.NET reports corrupt files.
            throw new FormatException($"Cannot load {where}: its binary streams are truncated or corrupt. {ex.Message}", ex);
        }
        finally
        {
            reader?.Close();
        }
    }

    private static void CheckStreamNames(string[] names, string paramName)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or ".."
                || string.Equals(name, "Model.key", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, ManifestStreamName, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"'{name}' is not a valid binary stream name: use a plain file name other than Model.key and {ManifestStreamName}.", paramName);
            }

            // The zip reader looks entries up case-insensitively.
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Binary stream names must differ by more than case: '{name}'.", paramName);
            }
        }
    }

    /// <summary>Checks every stream listed in the manifest against its length and SHA-256; returns their names.</summary>
    private static HashSet<string> VerifyStreams(Members members, object loadContext, string where)
    {
        string? manifest = null;
        Action<BinaryReader> readManifest = reader =>
        {
            using var text = new StreamReader(reader.BaseStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
            manifest = text.ReadToEnd();
        };
        if (!(bool)Call(members.LoadTryLoadBinaryStream, loadContext, ManifestStreamName, readManifest)!)
        {
            throw new FormatException($"Cannot load {where}: it has no {ManifestStreamName}. The file is incomplete or corrupt.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in manifest!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expectedLength) || !names.Add(parts[2]))
            {
                throw new FormatException($"Cannot load {where}: its {ManifestStreamName} is corrupt.");
            }

            var name = parts[2];
            (long Length, string Digest)? actual = null;
            Action<BinaryReader> hash = reader => actual = Digest(reader.BaseStream);
            if (!(bool)Call(members.LoadTryLoadBinaryStream, loadContext, name, hash)!)
            {
                throw new FormatException($"Cannot load {where}: its binary stream '{name}' is missing. The file is incomplete or corrupt.");
            }

            if (actual!.Value.Length != expectedLength)
            {
                throw new FormatException(
                    $"Cannot load {where}: its binary stream '{name}' has {actual.Value.Length} bytes instead of {expectedLength}. The file is corrupt.");
            }

            if (!string.Equals(actual.Value.Digest, parts[0], StringComparison.Ordinal))
            {
                throw new FormatException($"Cannot load {where}: its binary stream '{name}' does not match its SHA-256. The file is corrupt.");
            }
        }

        return names;
    }

    /// <summary>The length and lower-case hex SHA-256 of a whole seekable stream; leaves it positioned at its start.</summary>
    private static (long Length, string Digest) Digest(Stream stream)
    {
        stream.Position = 0;
        using var sha = SHA256.Create();
        var digest = Convert.ToHexString(sha.ComputeHash(stream)).ToLowerInvariant();
        var length = stream.Position;
        stream.Position = 0;
        return (length, digest);
    }

    private static string Hex(uint version) => "0x" + version.ToString("X8", CultureInfo.InvariantCulture);

    private static string DecodeSignature(ulong signature)
    {
        var chars = new char[8];
        for (var i = 0; i < 8; i++)
        {
            var c = (char)((signature >> (8 * i)) & 0xFF);
            chars[i] = c == '\0' ? ' ' : c;
        }

        return new string(chars);
    }

    private static object? Call(MethodInfo method, object? target, params object?[] args) =>
        method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);

    private static object Construct(ConstructorInfo constructor, params object?[] args) =>
        constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);

    /// <summary>
    /// The persisted format of a component: what <see cref="Save"/> writes in the header and what the registered loader
    /// accepts. Use the same instance for both.
    /// </summary>
    internal sealed class ModelFormat
    {
        /// <summary>Describes a component's persisted format.</summary>
        /// <param name="modelSignature">Exactly eight printable ASCII characters identifying the file content, e.g. <c>GANGENER</c>.</param>
        /// <param name="version">The format version this code writes (ML.NET's convention: <c>0x00010001</c>, then increasing).</param>
        /// <param name="versionReadable">The oldest reader version able to read what this code writes (at most <paramref name="version"/>).</param>
        /// <param name="versionWeCanReadBack">The oldest written version this code still reads (at most <paramref name="versionReadable"/>).</param>
        /// <param name="loaderSignature">The catalog name of the loader: 1 to 24 characters, letters, digits, '_' and '.'; unique
        /// among all ML.NET components (ML.NET matches it case-insensitively).</param>
        /// <param name="loaderAssemblyName">The simple name of the assembly that holds the loader, e.g.
        /// <c>typeof(GanTransformer).Assembly.GetName().Name</c>, or <see langword="null"/>. <c>Model.Load</c> calls
        /// <c>Assembly.Load</c> with it before looking for the loader, so a process without the assembly gets a
        /// <see cref="FileNotFoundException"/> naming it. A simple name, unlike a full name, keeps loading working when the
        /// assembly version changes.</param>
        public ModelFormat(string modelSignature, uint version, uint versionReadable, uint versionWeCanReadBack, string loaderSignature, string? loaderAssemblyName)
        {
            ArgumentNullException.ThrowIfNull(modelSignature);
            ArgumentNullException.ThrowIfNull(loaderSignature);
            if (modelSignature.Length != 8 || modelSignature.Any(c => c < 0x20 || c > 0x7E))
            {
                throw new ArgumentException("The model signature must be exactly eight printable ASCII characters.", nameof(modelSignature));
            }

            if (!LoaderSignaturePattern.IsMatch(loaderSignature))
            {
                throw new ArgumentException("The loader signature must be 1 to 24 characters: ASCII letters, digits, '_' and '.'.", nameof(loaderSignature));
            }

            if (versionReadable > version || versionWeCanReadBack > versionReadable)
            {
                throw new ArgumentException("The versions must satisfy versionWeCanReadBack <= versionReadable <= version.", nameof(versionReadable));
            }

            if (loaderAssemblyName is not null && (loaderAssemblyName.Length == 0 || loaderAssemblyName.Contains(',', StringComparison.Ordinal)))
            {
                throw new ArgumentException("The loader assembly name must be a simple assembly name, or null.", nameof(loaderAssemblyName));
            }

            ModelSignature = modelSignature;
            Version = version;
            VersionReadable = versionReadable;
            VersionWeCanReadBack = versionWeCanReadBack;
            LoaderSignature = loaderSignature;
            LoaderAssemblyName = loaderAssemblyName;
        }

        /// <summary>Eight characters identifying the file content.</summary>
        public string ModelSignature { get; }

        /// <summary>The format version written.</summary>
        public uint Version { get; }

        /// <summary>The oldest reader version able to read the written format.</summary>
        public uint VersionReadable { get; }

        /// <summary>The oldest written format version still read.</summary>
        public uint VersionWeCanReadBack { get; }

        /// <summary>The catalog name of the loader.</summary>
        public string LoaderSignature { get; }

        /// <summary>The simple name of the assembly holding the loader, written in the header, or <see langword="null"/>.</summary>
        public string? LoaderAssemblyName { get; }
    }

    /// <summary>
    /// What a loader reads from: the component's folder in the model zip. Valid only while the loader runs.
    /// </summary>
    internal sealed class ModelReadContext
    {
        private readonly Members _members;
        private readonly object _loadContext;
        private readonly HashSet<string> _verifiedStreams;
        private bool _closed;

        internal ModelReadContext(Members members, object loadContext, string directory, uint versionWritten, HashSet<string> verifiedStreams)
        {
            _members = members;
            _loadContext = loadContext;
            _verifiedStreams = verifiedStreams;
            Directory = directory;
            VersionWritten = versionWritten;
        }

        /// <summary>The component's folder in the zip, e.g. <c>TransformerChain/Transform_001</c>.</summary>
        public string Directory { get; }

        /// <summary>The format version the file was written with, between the format's <c>VersionWeCanReadBack</c> and
        /// its <c>Version</c> (or newer, if the writer declared itself readable by this version).</summary>
        public uint VersionWritten { get; }

        /// <summary>Reads the binary stream <paramref name="name"/> of the component, if the file has it. Only streams
        /// written by <see cref="Save"/> are visible, and each has already matched its checksum.</summary>
        /// <param name="name">The name the stream was saved under.</param>
        /// <param name="read">Reads the stream. The stream is seekable, only valid during the call, and must not be disposed
        /// (disposing it is ignored).</param>
        /// <returns><see langword="false"/> if the component has no stream of that name.</returns>
        public bool TryReadBinaryStream(string name, Action<Stream> read)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(read);
            ObjectDisposedException.ThrowIf(_closed, this);
            if (!_verifiedStreams.Contains(name))
            {
                return false;
            }

            Action<BinaryReader> readEntry = reader => read(new NonClosingStream(reader.BaseStream));
            return (bool)Call(_members.LoadTryLoadBinaryStream, _loadContext, name, readEntry)!;
        }

        /// <summary>Reads the binary stream <paramref name="name"/> of the component and returns what
        /// <paramref name="read"/> returns.</summary>
        /// <typeparam name="T">What the stream decodes to.</typeparam>
        /// <param name="name">The name the stream was saved under.</param>
        /// <param name="read">Reads the stream; see <see cref="TryReadBinaryStream"/>.</param>
        /// <returns>The value <paramref name="read"/> returned.</returns>
        /// <exception cref="FormatException">The component has no stream of that name.</exception>
        public T ReadBinaryStream<T>(string name, Func<Stream, T> read)
        {
            ArgumentNullException.ThrowIfNull(read);
            T result = default!;
            if (!TryReadBinaryStream(name, stream => result = read(stream)))
            {
                throw new FormatException($"The model file has no binary stream '{name}' in '{Directory}/': it is incomplete or corrupt.");
            }

            return result;
        }

        internal void Close() => _closed = true;
    }

    /// <summary>
    /// The loader's "Create method" for ML.NET's catalog. ML.NET calls <see cref="MethodBase.Invoke(object, object[])"/>
    /// with (environment, ModelLoadContext); this calls the registered factory directly, so its exceptions are not
    /// wrapped in <see cref="TargetInvocationException"/>.
    /// </summary>
    private sealed class LoaderMethod : MethodInfo
    {
        // A real method of the same shape, which describes the parameters.
        private static readonly MethodInfo Shape = typeof(LoaderMethod).GetMethod(nameof(CreateShape), BindingFlags.NonPublic | BindingFlags.Static)!;

        private readonly Type _instanceType;
        private readonly Func<IHostEnvironment, object, object> _load;

        public LoaderMethod(Type instanceType, Func<IHostEnvironment, object, object> load)
        {
            _instanceType = instanceType;
            _load = load;
        }

        public override string Name => "Create";

        public override Type DeclaringType => _instanceType;

        public override Type ReflectedType => _instanceType;

        public override Type ReturnType => _instanceType;

        public override MethodAttributes Attributes => MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig;

        public override RuntimeMethodHandle MethodHandle =>
            throw new NotSupportedException("A registered GanML model loader has no runtime method handle.");

        public override ICustomAttributeProvider ReturnTypeCustomAttributes => Shape.ReturnTypeCustomAttributes;

        public override object? Invoke(object? obj, BindingFlags invokeAttr, Binder? binder, object?[]? parameters, CultureInfo? culture)
        {
            if (parameters is not [IHostEnvironment env, { } loadContext])
            {
                throw new TargetParameterCountException("A model loader takes (IHostEnvironment, ModelLoadContext).");
            }

            return _load(env, loadContext);
        }

        public override ParameterInfo[] GetParameters() => Shape.GetParameters();

        public override MethodImplAttributes GetMethodImplementationFlags() => MethodImplAttributes.Managed;

        public override MethodInfo GetBaseDefinition() => this;

        public override object[] GetCustomAttributes(bool inherit) => [];

        public override object[] GetCustomAttributes(Type attributeType, bool inherit) => (object[])Array.CreateInstance(attributeType, 0);

        public override bool IsDefined(Type attributeType, bool inherit) => false;

        public override string ToString() => $"{_instanceType.Name} Create(IHostEnvironment, ModelLoadContext)";

        private static object CreateShape(IHostEnvironment env, object ctx) =>
            throw new NotSupportedException($"Describes the parameters of a loader; never called ({env}, {ctx}).");
    }

    /// <summary>A view of a stream owned by ML.NET that ignores disposal, so a reader or writer wrapping it cannot close it.</summary>
    private sealed class NonClosingStream : Stream
    {
        private readonly Stream _inner;

        public NonClosingStream(Stream inner) => _inner = inner;

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Flush();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The non-public ML.NET members, resolved once.</summary>
    internal sealed class Members
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        private Members()
        {
            var core = typeof(ModelSaveContext).Assembly;
            var versionInfo = CoreType(core, "Microsoft.ML.VersionInfo");
            var loadContext = CoreType(core, "Microsoft.ML.ModelLoadContext");
            var header = CoreType(core, "Microsoft.ML.ModelHeader");
            var attributeBase = CoreType(core, "Microsoft.ML.LoadableClassAttributeBase");
            var attribute = CoreType(core, "Microsoft.ML.LoadableClassAttribute");
            var classInfo = typeof(ComponentCatalog).GetNestedType("LoadableClassInfo", BindingFlags.NonPublic | BindingFlags.Public)
                ?? throw Missing("type ComponentCatalog.LoadableClassInfo");

            VersionInfoConstructor = Constructor(versionInfo, typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string));
            VersionInfoModelSignature = Field(versionInfo, "ModelSignature", typeof(ulong));
            SaveInRepository = Getter(typeof(ModelSaveContext), "InRepository", typeof(bool));
            SaveCheckAtModel = Method(typeof(ModelSaveContext), "CheckAtModel");
            SaveSetVersionInfo = Method(typeof(ModelSaveContext), "SetVersionInfo", versionInfo);
            SaveBinaryStream = Method(typeof(ModelSaveContext), "SaveBinaryStream", typeof(string), typeof(Action<BinaryWriter>));
            LoadHeader = Field(loadContext, "Header", header);
            LoadDirectory = Field(loadContext, "Directory", typeof(string));
            LoadTryLoadBinaryStream = Method(loadContext, "TryLoadBinaryStream", typeof(string), typeof(Action<BinaryReader>));
            HeaderModelSignature = Field(header, "ModelSignature", typeof(ulong));
            HeaderModelVerWritten = Field(header, "ModelVerWritten", typeof(uint));
            HeaderModelVerReadable = Field(header, "ModelVerReadable", typeof(uint));
            SignatureLoadModel = CoreType(core, "Microsoft.ML.SignatureLoadModel");
            if (SignatureLoadModel.GetMethod("Invoke")?.GetParameters() is not [{ } onlyParameter] || onlyParameter.ParameterType != loadContext)
            {
                throw Missing("delegate SignatureLoadModel(ModelLoadContext)");
            }

            LoadableClassAttributeConstructor = Constructor(
                attribute, typeof(string), typeof(Type), typeof(Type), typeof(Type), typeof(Type[]), typeof(string), typeof(string[]));
            LoadableClassInfoConstructor = Constructor(
                classInfo, attributeBase, typeof(MethodInfo), typeof(ConstructorInfo), typeof(MethodInfo), typeof(bool));
            ClassInfoType = Getter(classInfo, "Type", typeof(Type));
            ClassInfoCreateMethod = Getter(classInfo, "CreateMethod", typeof(MethodInfo));
            CatalogLock = Field(typeof(ComponentCatalog), "_lock", typeof(object));
            CatalogAddClass = Method(typeof(ComponentCatalog), "AddClass", classInfo, typeof(string[]), typeof(bool));
            CatalogGetLoadableClassInfo = Method(typeof(ComponentCatalog), "GetLoadableClassInfo", typeof(string), typeof(Type));
        }

        /// <summary><c>VersionInfo(string modelSignature, uint verWrittenCur, uint verReadableCur, uint verWeCanReadBack,
        /// string loaderAssemblyName, string loaderSignature, string loaderSignatureAlt)</c>.</summary>
        public ConstructorInfo VersionInfoConstructor { get; }

        /// <summary><c>ulong VersionInfo.ModelSignature</c>: the eight characters packed as ML.NET compares them.</summary>
        public FieldInfo VersionInfoModelSignature { get; }

        /// <summary><c>bool ModelSaveContext.InRepository { internal get; }</c>.</summary>
        public MethodInfo SaveInRepository { get; }

        /// <summary><c>internal void ModelSaveContext.CheckAtModel()</c>.</summary>
        public MethodInfo SaveCheckAtModel { get; }

        /// <summary><c>internal void ModelSaveContext.SetVersionInfo(VersionInfo)</c>.</summary>
        public MethodInfo SaveSetVersionInfo { get; }

        /// <summary><c>internal void ModelSaveContext.SaveBinaryStream(string, Action&lt;BinaryWriter&gt;)</c>.</summary>
        public MethodInfo SaveBinaryStream { get; }


        /// <summary><c>internal ModelHeader ModelLoadContext.Header</c>.</summary>
        public FieldInfo LoadHeader { get; }

        /// <summary><c>public readonly string ModelLoadContext.Directory</c>.</summary>
        public FieldInfo LoadDirectory { get; }

        /// <summary><c>public bool ModelLoadContext.TryLoadBinaryStream(string, Action&lt;BinaryReader&gt;)</c>.</summary>
        public MethodInfo LoadTryLoadBinaryStream { get; }

        /// <summary><c>public ulong ModelHeader.ModelSignature</c>.</summary>
        public FieldInfo HeaderModelSignature { get; }

        /// <summary><c>public uint ModelHeader.ModelVerWritten</c>.</summary>
        public FieldInfo HeaderModelVerWritten { get; }

        /// <summary><c>public uint ModelHeader.ModelVerReadable</c>.</summary>
        public FieldInfo HeaderModelVerReadable { get; }

        /// <summary><c>delegate void SignatureLoadModel(ModelLoadContext ctx)</c>.</summary>
        public Type SignatureLoadModel { get; }

        /// <summary><c>LoadableClassAttribute(string summary, Type instType, Type loaderType, Type argType, Type[] sigTypes,
        /// string userName, params string[] loadNames)</c>.</summary>
        public ConstructorInfo LoadableClassAttributeConstructor { get; }

        /// <summary><c>internal ComponentCatalog.LoadableClassInfo(LoadableClassAttributeBase attr, MethodInfo getter,
        /// ConstructorInfo ctor, MethodInfo create, bool requireEnvironment)</c>.</summary>
        public ConstructorInfo LoadableClassInfoConstructor { get; }

        /// <summary><c>Type ComponentCatalog.LoadableClassInfo.Type { get; }</c>.</summary>
        public MethodInfo ClassInfoType { get; }

        /// <summary><c>MethodInfo ComponentCatalog.LoadableClassInfo.CreateMethod { get; }</c>.</summary>
        public MethodInfo ClassInfoCreateMethod { get; }

        /// <summary><c>private readonly object ComponentCatalog._lock</c>.</summary>
        public FieldInfo CatalogLock { get; }

        /// <summary><c>private void ComponentCatalog.AddClass(LoadableClassInfo info, string[] loadNames, bool throwOnError)</c>.</summary>
        public MethodInfo CatalogAddClass { get; }

        /// <summary><c>internal LoadableClassInfo ComponentCatalog.GetLoadableClassInfo(string loadName, Type signatureType)</c>.</summary>
        public MethodInfo CatalogGetLoadableClassInfo { get; }

        public static Members Resolve() => new();

        public object CreateVersionInfo(ModelFormat format) => Construct(
            VersionInfoConstructor,
            format.ModelSignature,
            format.Version,
            format.VersionReadable,
            format.VersionWeCanReadBack,
            format.LoaderAssemblyName,
            format.LoaderSignature,
            null);

        public ulong ModelSignatureOf(ModelFormat format) => (ulong)VersionInfoModelSignature.GetValue(CreateVersionInfo(format))!;

        private static Type CoreType(Assembly core, string fullName) =>
            core.GetType(fullName, throwOnError: false) ?? throw Missing($"type {fullName}");

        private static ConstructorInfo Constructor(Type type, params Type[] parameters) =>
            type.GetConstructor(Instance, binder: null, parameters, modifiers: null)
            ?? throw Missing($"constructor {type.Name}({string.Join(", ", parameters.Select(p => p.Name))})");

        private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
            type.GetMethod(name, Instance, binder: null, parameters, modifiers: null)
            ?? throw Missing($"method {type.Name}.{name}({string.Join(", ", parameters.Select(p => p.Name))})");

        private static MethodInfo Getter(Type type, string name, Type propertyType) =>
            type.GetProperty(name, Instance) is { GetMethod: { } getter } property && property.PropertyType == propertyType
                ? getter
                : throw Missing($"property {propertyType.Name} {type.Name}.{name}");

        private static FieldInfo Field(Type type, string name, Type fieldType) =>
            type.GetField(name, Instance) is { } field && field.FieldType == fieldType
                ? field
                : throw Missing($"field {fieldType.Name} {type.Name}.{name}");

        private static MissingMemberException Missing(string member)
        {
            var core = typeof(ModelSaveContext).Assembly;
            var actual = core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? core.GetName().Version?.ToString();
            return new MissingMemberException(
                $"Microsoft.ML.Gan needs the non-public ML.NET member {member}, verified on Microsoft.ML {MLNetInternals.VerifiedMicrosoftMLVersions}; " +
                $"it is not present in the loaded Microsoft.ML.Core {actual}. Use Microsoft.ML {MLNetInternals.VerifiedMicrosoftMLVersions}.");
        }
    }
}
