// Build-time workaround used by Microsoft.ML.Gan.targets: TorchSharp's libLibTorchSharp.so declares a
// GLIBCXX_3.4.32 version need only for std::ios_base_library_init(), which it never calls, so it fails to
// load on distributions whose libstdc++ stops earlier (Debian 12 has GLIBCXX_3.4.30). Marking that one
// need weak (VER_FLG_WEAK) lets the dynamic loader accept the library.
//
// RoslynCodeTaskFactory compiles exactly one source file (one <Code> element), so the MSBuild task lives
// at the end of this file behind GANML_ELF_LOGIC_ONLY. The test project defines that symbol and compiles
// only the pure ELF logic, which needs nothing beyond netstandard2.0 (the factory's reference set).
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
#if !GANML_ELF_LOGIC_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace Microsoft.ML.Gan.Build;

/// <summary>What <see cref="ElfSymbolVersions.MarkVersionNeedWeak"/> did to a file.</summary>
internal enum VersionNeedPatchOutcome
{
    /// <summary>The file does not need that version; it was left alone.</summary>
    NotNeeded,

    /// <summary>The version need was already weak; the file was left alone.</summary>
    AlreadyWeak,

    /// <summary>The version need was marked weak and the file replaced.</summary>
    Patched,
}

/// <summary>One version need (an ELF Vernaux entry) found in a file.</summary>
internal sealed class VersionNeedEntry
{
    public VersionNeedEntry(long flagsOffset, ushort flags)
    {
        FlagsOffset = flagsOffset;
        Flags = flags;
    }

    /// <summary>File offset of the entry's 2-byte little-endian <c>vna_flags</c> field.</summary>
    public long FlagsOffset { get; }

    /// <summary>Current value of <c>vna_flags</c>.</summary>
    public ushort Flags { get; }

    public bool IsWeak => (Flags & ElfSymbolVersions.VerFlagWeak) != 0;
}

/// <summary>
/// Reads and patches GNU symbol versioning data (<c>.gnu.version_r</c>, <c>.gnu.version_d</c>) of
/// 64-bit little-endian ELF files. Malformed or unexpected input raises <see cref="InvalidDataException"/>.
/// </summary>
internal static class ElfSymbolVersions
{
    public const ushort VerFlagWeak = 0x2;

    private const ushort VerFlagBase = 0x1;
    private const uint SectionTypeStringTable = 3;
    private const uint SectionTypeDynamic = 6;
    private const uint SectionTypeVerdef = 0x6ffffffd;
    private const uint SectionTypeVerneed = 0x6ffffffe;
    private const uint SegmentTypeLoad = 1;
    private const ulong DynamicTagNull = 0;
    private const ulong DynamicTagVerneed = 0x6ffffffe;
    private const ulong DynamicTagVerneedNum = 0x6fffffff;

    /// <summary>Finds the need for <paramref name="version"/> of <paramref name="library"/>, or null if there is none.</summary>
    public static VersionNeedEntry? FindVersionNeed(byte[] elf, string library, string version)
    {
        var image = new ElfImage(elf);
        ElfSection? verneed = image.SingleSectionOfType(SectionTypeVerneed, ".gnu.version_r");
        if (verneed == null)
        {
            return null;
        }

        ElfSection strings = image.LinkedStringTable(verneed, ".gnu.version_r");
        if (verneed.Info == 0)
        {
            throw new InvalidDataException(".gnu.version_r has sh_info = 0 (no entry count).");
        }

        VersionNeedEntry? found = null;
        ulong needOffset = 0;
        for (uint i = 0; i < verneed.Info; i++)
        {
            long need = verneed.EntryOffset(needOffset, 16, "Verneed");
            if (image.U16(need) != 1)
            {
                throw new InvalidDataException($"Verneed entry at 0x{need:x} has unsupported vn_version {image.U16(need)}.");
            }

            ushort auxCount = image.U16(need + 2);
            string file = image.ReadString(strings, image.U32(need + 4));
            ulong auxOffset = needOffset + image.U32(need + 8);
            for (uint j = 0; j < auxCount; j++)
            {
                long aux = verneed.EntryOffset(auxOffset, 16, "Vernaux");
                uint nameHash = image.U32(aux);
                string name = image.ReadString(strings, image.U32(aux + 8));
                if (file == library && name == version)
                {
                    if (found != null)
                    {
                        throw new InvalidDataException($"{library} lists the version need {version} twice.");
                    }

                    if (nameHash != Hash(name))
                    {
                        throw new InvalidDataException($"Vernaux entry for {version} at 0x{aux:x} has a vna_hash that does not match its name.");
                    }

                    found = new VersionNeedEntry(aux + 4, image.U16(aux + 4));
                }

                uint nextAux = image.U32(aux + 12);
                if (nextAux == 0 && j + 1 < auxCount)
                {
                    throw new InvalidDataException($"Verneed entry for {file} ends after {j + 1} of {auxCount} Vernaux entries.");
                }

                auxOffset += nextAux;
            }

            uint nextNeed = image.U32(need + 12);
            if (nextNeed == 0 && i + 1 < verneed.Info)
            {
                throw new InvalidDataException($".gnu.version_r ends after {i + 1} of {verneed.Info} Verneed entries.");
            }

            needOffset += nextNeed;
        }

        if (found != null)
        {
            // The loader reads version needs through DT_VERNEED, not through section headers: make sure
            // both describe the same bytes, or the patch would not take effect.
            image.CheckDynamicVerneedMatches(verneed);
        }

        return found;
    }

    /// <summary>Names of the versions a shared library defines (its <c>.gnu.version_d</c>), without the base entry.</summary>
    public static IList<string> ReadDefinedVersions(byte[] elf)
    {
        var image = new ElfImage(elf);
        var names = new List<string>();
        ElfSection? verdef = image.SingleSectionOfType(SectionTypeVerdef, ".gnu.version_d");
        if (verdef == null)
        {
            return names;
        }

        ElfSection strings = image.LinkedStringTable(verdef, ".gnu.version_d");
        ulong defOffset = 0;
        for (uint i = 0; i < verdef.Info; i++)
        {
            long def = verdef.EntryOffset(defOffset, 20, "Verdef");
            if (image.U16(def) != 1)
            {
                throw new InvalidDataException($"Verdef entry at 0x{def:x} has unsupported vd_version {image.U16(def)}.");
            }

            // The first Verdaux names the version itself; further ones name its parents.
            bool isBase = (image.U16(def + 2) & VerFlagBase) != 0;
            if (!isBase && image.U16(def + 6) > 0)
            {
                long aux = verdef.EntryOffset(defOffset + image.U32(def + 12), 8, "Verdaux");
                names.Add(image.ReadString(strings, image.U32(aux)));
            }

            uint next = image.U32(def + 16);
            if (next == 0 && i + 1 < verdef.Info)
            {
                throw new InvalidDataException($".gnu.version_d ends after {i + 1} of {verdef.Info} Verdef entries.");
            }

            defOffset += next;
        }

        return names;
    }

    /// <summary>
    /// Marks the need for <paramref name="version"/> of <paramref name="library"/> in the file at
    /// <paramref name="path"/> as weak. Only the entry's <c>vna_flags</c> changes; the result is written to a
    /// new file in the same directory that then replaces <paramref name="path"/>, so other hard links to the
    /// old file (for example in the NuGet cache) keep the original bytes.
    /// </summary>
    public static VersionNeedPatchOutcome MarkVersionNeedWeak(string path, string library, string version)
    {
        byte[] original = File.ReadAllBytes(path);
        VersionNeedEntry? entry;
        try
        {
            entry = FindVersionNeed(original, library, version);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }

        if (entry == null)
        {
            return VersionNeedPatchOutcome.NotNeeded;
        }

        if (entry.IsWeak)
        {
            return VersionNeedPatchOutcome.AlreadyWeak;
        }

        ushort flags = (ushort)(entry.Flags | VerFlagWeak);
        string fullPath = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        DateTime lastWriteUtc = File.GetLastWriteTimeUtc(fullPath);
        try
        {
            // File.Copy keeps the permission bits; the copy is a new inode, unlike writing in place.
            File.Copy(fullPath, temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                stream.Position = entry.FlagsOffset;
                stream.WriteByte((byte)flags);
                stream.WriteByte((byte)(flags >> 8));
            }

            VerifyOnlyFlagsDiffer(original, File.ReadAllBytes(temp), entry.FlagsOffset, flags);

            // Keeping the timestamp lets the SDK's incremental copy (size + time) treat the patched file
            // as up to date instead of overwriting it with the original on every build.
            File.SetLastWriteTimeUtc(temp, lastWriteUtc);

            // rename(2): atomic, and replaces the directory entry rather than the old inode's contents.
            File.Replace(temp, fullPath, null);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return VersionNeedPatchOutcome.Patched;
    }

    /// <summary>The SysV ELF hash used by <c>vna_hash</c> and <c>vd_hash</c>.</summary>
    public static uint Hash(string name)
    {
        uint hash = 0;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash << 4) + b;
            uint high = hash & 0xf0000000;
            if (high != 0)
            {
                hash ^= high >> 24;
            }

            hash &= ~high;
        }

        return hash;
    }

    private static void VerifyOnlyFlagsDiffer(byte[] original, byte[] patched, long flagsOffset, ushort flags)
    {
        bool ok = original.Length == patched.Length
            && patched[flagsOffset] == (byte)flags
            && patched[flagsOffset + 1] == (byte)(flags >> 8);
        for (long i = 0; ok && i < original.Length; i++)
        {
            ok = i == flagsOffset || i == flagsOffset + 1 || original[i] == patched[i];
        }

        if (!ok)
        {
            throw new IOException("The patched copy differs from the original in more than vna_flags; the file may have changed while patching.");
        }
    }

    private sealed class ElfSection
    {
        private readonly string _name;

        public ElfSection(string name, uint type, ulong address, ulong offset, ulong size, uint link, uint info)
        {
            _name = name;
            Type = type;
            Address = address;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint Type { get; }

        public ulong Address { get; }

        public ulong Offset { get; }

        public ulong Size { get; }

        public uint Link { get; }

        public uint Info { get; }

        /// <summary>File offset of an entry of <paramref name="length"/> bytes at <paramref name="relative"/> inside this section.</summary>
        public long EntryOffset(ulong relative, ulong length, string what)
        {
            if (relative > Size || length > Size - relative)
            {
                throw new InvalidDataException($"{what} entry at section offset 0x{relative:x} lies outside {_name} (size 0x{Size:x}).");
            }

            return (long)(Offset + relative);
        }
    }

    private sealed class ElfImage
    {
        private readonly byte[] _data;
        private readonly List<ElfSection> _sections = new List<ElfSection>();

        public ElfImage(byte[] data)
        {
            _data = data;
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            {
                throw new InvalidDataException("Not an ELF file (missing \\x7fELF magic).");
            }

            if (data[4] != 2 || data[5] != 1)
            {
                throw new InvalidDataException($"Not a 64-bit little-endian ELF file (EI_CLASS {data[4]}, EI_DATA {data[5]}).");
            }

            if (data[6] != 1)
            {
                throw new InvalidDataException($"Unsupported ELF version {data[6]}.");
            }

            ulong sectionTable = U64(0x28);
            ushort sectionEntrySize = U16(0x3a);
            ushort sectionCount = U16(0x3c);
            if (sectionTable == 0 || sectionCount == 0)
            {
                throw new InvalidDataException("The ELF file has no section header table.");
            }

            if (sectionEntrySize != 64)
            {
                throw new InvalidDataException($"Unexpected section header size {sectionEntrySize} (expected 64).");
            }

            CheckRange(sectionTable, (ulong)sectionCount * 64, "section header table");
            for (int i = 0; i < sectionCount; i++)
            {
                long header = (long)sectionTable + (i * 64);
                var section = new ElfSection(
                    $"section {i}",
                    type: U32(header + 4),
                    address: U64(header + 0x10),
                    offset: U64(header + 0x18),
                    size: U64(header + 0x20),
                    link: U32(header + 0x28),
                    info: U32(header + 0x2c));
                _sections.Add(section);
            }
        }

        public ElfSection? SingleSectionOfType(uint type, string name)
        {
            ElfSection? result = null;
            foreach (ElfSection section in _sections)
            {
                if (section.Type == type)
                {
                    if (result != null)
                    {
                        throw new InvalidDataException($"More than one {name} section.");
                    }

                    result = section;
                }
            }

            if (result != null)
            {
                CheckRange(result.Offset, result.Size, name);
            }

            return result;
        }

        public ElfSection LinkedStringTable(ElfSection section, string name)
        {
            if (section.Link >= _sections.Count || _sections[(int)section.Link].Type != SectionTypeStringTable)
            {
                throw new InvalidDataException($"{name} does not link to a string table (sh_link {section.Link}).");
            }

            ElfSection strings = _sections[(int)section.Link];
            CheckRange(strings.Offset, strings.Size, "string table");
            return strings;
        }

        public string ReadString(ElfSection strings, uint index)
        {
            if (index >= strings.Size)
            {
                throw new InvalidDataException($"String index 0x{index:x} lies outside the string table.");
            }

            int start = (int)(strings.Offset + index);
            int end = (int)(strings.Offset + strings.Size);
            int terminator = Array.IndexOf(_data, (byte)0, start, end - start);
            if (terminator < 0)
            {
                throw new InvalidDataException($"Unterminated string at 0x{start:x}.");
            }

            return Encoding.UTF8.GetString(_data, start, terminator - start);
        }

        public void CheckDynamicVerneedMatches(ElfSection verneed)
        {
            ElfSection? dynamic = SingleSectionOfType(SectionTypeDynamic, ".dynamic")
                ?? throw new InvalidDataException("No .dynamic section.");
            ulong? address = null;
            ulong? count = null;
            for (ulong entry = 0; entry + 16 <= dynamic.Size; entry += 16)
            {
                long at = (long)(dynamic.Offset + entry);
                ulong tag = U64(at);
                if (tag == DynamicTagNull)
                {
                    break;
                }

                if (tag == DynamicTagVerneed)
                {
                    address = U64(at + 8);
                }
                else if (tag == DynamicTagVerneedNum)
                {
                    count = U64(at + 8);
                }
            }

            if (address != verneed.Address || count != verneed.Info)
            {
                throw new InvalidDataException("DT_VERNEED/DT_VERNEEDNUM in .dynamic do not match the .gnu.version_r section header.");
            }

            if (FileOffsetOfAddress(verneed.Address) != verneed.Offset)
            {
                throw new InvalidDataException("The loadable segment holding .gnu.version_r does not map it at its section file offset.");
            }
        }

        public ushort U16(long offset)
        {
            CheckRange((ulong)offset, 2, "field");
            return (ushort)(_data[offset] | (_data[offset + 1] << 8));
        }

        public uint U32(long offset)
        {
            CheckRange((ulong)offset, 4, "field");
            return (uint)_data[offset] | ((uint)_data[offset + 1] << 8) | ((uint)_data[offset + 2] << 16) | ((uint)_data[offset + 3] << 24);
        }

        public ulong U64(long offset) => U32(offset) | ((ulong)U32(offset + 4) << 32);

        private ulong? FileOffsetOfAddress(ulong address)
        {
            ulong table = U64(0x20);
            ushort entrySize = U16(0x36);
            ushort count = U16(0x38);
            if (entrySize != 56)
            {
                throw new InvalidDataException($"Unexpected program header size {entrySize} (expected 56).");
            }

            CheckRange(table, (ulong)count * 56, "program header table");
            for (int i = 0; i < count; i++)
            {
                long header = (long)table + (i * 56);
                ulong fileOffset = U64(header + 8);
                ulong virtualAddress = U64(header + 0x10);
                ulong fileSize = U64(header + 0x20);
                if (U32(header) == SegmentTypeLoad && address >= virtualAddress && address - virtualAddress < fileSize)
                {
                    return fileOffset + (address - virtualAddress);
                }
            }

            return null;
        }

        private void CheckRange(ulong offset, ulong length, string what)
        {
            if (offset > (ulong)_data.Length || length > (ulong)_data.Length - offset)
            {
                throw new InvalidDataException($"The {what} (offset 0x{offset:x}, 0x{length:x} bytes) lies outside the {_data.Length}-byte file; the file is truncated or corrupt.");
            }
        }
    }
}

/// <summary>Finds the libstdc++.so.6 the dynamic loader would use and reads the versions it defines.</summary>
internal static class SystemLibStdCxx
{
    public const string FileName = "libstdc++.so.6";

    /// <summary>Library directories searched after LD_LIBRARY_PATH, for the architecture MSBuild runs on.</summary>
    public static IList<string> DefaultDirectories()
    {
        var dirs = new List<string>();
        Architecture arch = RuntimeInformation.ProcessArchitecture;
        if (arch != Architecture.Arm64)
        {
            dirs.Add("/usr/lib/x86_64-linux-gnu");
            dirs.Add("/lib/x86_64-linux-gnu");
        }

        if (arch != Architecture.X64)
        {
            dirs.Add("/usr/lib/aarch64-linux-gnu");
            dirs.Add("/lib/aarch64-linux-gnu");
        }

        dirs.AddRange(new[] { "/usr/lib64", "/lib64", "/usr/lib", "/lib" });
        return dirs;
    }

    /// <summary>
    /// The first libstdc++.so.6 found in <paramref name="ldLibraryPath"/> (':' or ';' separated) and then in
    /// <paramref name="systemDirectories"/>, skipping files that are not 64-bit little-endian ELF (as the loader
    /// skips incompatible libraries); null if there is none.
    /// </summary>
    public static string? Locate(string? ldLibraryPath, IEnumerable<string> systemDirectories)
    {
        var dirs = new List<string>();
        if (!string.IsNullOrEmpty(ldLibraryPath))
        {
            dirs.AddRange(ldLibraryPath!.Split(new[] { ':', ';' }, StringSplitOptions.RemoveEmptyEntries));
        }

        dirs.AddRange(systemDirectories);
        foreach (string dir in dirs)
        {
            string candidate = Path.Combine(dir, FileName);
            if (File.Exists(candidate) && IsElf64LittleEndian(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the library at <paramref name="path"/> defines <paramref name="version"/>, read from its
    /// <c>.gnu.version_d</c>; if that cannot be parsed, falls back to looking for the NUL-terminated name.
    /// </summary>
    public static bool DefinesVersion(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        try
        {
            IList<string> defined = ElfSymbolVersions.ReadDefinedVersions(elf);
            if (defined.Count > 0)
            {
                return defined.Contains(version);
            }
        }
        catch (InvalidDataException)
        {
            // Fall through to the byte search below.
        }

        return ContainsBytes(elf, Encoding.ASCII.GetBytes("\0" + version + "\0"));
    }

    private static bool IsElf64LittleEndian(string path)
    {
        var header = new byte[6];
        using (var stream = File.OpenRead(path))
        {
            if (stream.Read(header, 0, header.Length) != header.Length)
            {
                return false;
            }
        }

        return header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && header[4] == 2 && header[5] == 1;
    }

    private static bool ContainsBytes(byte[] haystack, byte[] needle)
    {
        for (int i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            int j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }
}

#if !GANML_ELF_LOGIC_ONLY
/// <summary>
/// MSBuild task: when the system libstdc++ lacks <see cref="Version"/>, marks that version need of each
/// of <see cref="Files"/> weak. A thin wrapper over <see cref="ElfSymbolVersions"/>.
/// </summary>
public sealed class PatchLibTorchSharpGlibcxx : Task
{
    /// <summary>Output copies of libLibTorchSharp.so (never the NuGet cache's).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public string Version { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        string? libstdcxx;
        try
        {
            libstdcxx = SystemLibStdCxx.Locate(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), SystemLibStdCxx.DefaultDirectories());
            if (libstdcxx == null)
            {
                Log.LogMessage(MessageImportance.Low, "GanML: no {0} found; leaving libLibTorchSharp.so unpatched.", SystemLibStdCxx.FileName);
                return true;
            }

            if (SystemLibStdCxx.DefinesVersion(libstdcxx, Version))
            {
                Log.LogMessage(MessageImportance.Low, "GanML: {0} defines {1}; libLibTorchSharp.so needs no patch.", libstdcxx, Version);
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            Log.LogError(null, "GANML0001", null, null, 0, 0, 0, 0, "GanML: cannot read the system {0}: {1}", SystemLibStdCxx.FileName, ex.Message);
            return false;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path))
            {
                Log.LogMessage(MessageImportance.Low, "GanML: {0} does not exist; nothing to patch.", path);
                continue;
            }

            VersionNeedPatchOutcome outcome;
            try
            {
                outcome = ElfSymbolVersions.MarkVersionNeedWeak(path, SystemLibStdCxx.FileName, Version);
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is IOException || ex is UnauthorizedAccessException)
            {
                // The exception message already starts with the path.
                Log.LogError(
                    null, "GANML0001", null, null, 0, 0, 0, 0,
                    "GanML: cannot mark the {0} need of libLibTorchSharp.so weak. {1} Set GanMLPatchLibTorchSharpGlibcxx=false to skip this step.",
                    Version, ex.Message);
                continue;
            }

            switch (outcome)
            {
                case VersionNeedPatchOutcome.Patched:
                    Log.LogMessage(MessageImportance.Normal, "GanML: marked the {0} need of {1} weak ({2} lacks it).", Version, path, libstdcxx);
                    break;
                case VersionNeedPatchOutcome.AlreadyWeak:
                    Log.LogMessage(MessageImportance.Low, "GanML: the {0} need of {1} is already weak; unchanged.", Version, path);
                    break;
                default:
                    Log.LogMessage(MessageImportance.Low, "GanML: {0} does not need {1}; unchanged.", path, Version);
                    break;
            }
        }

        return !Log.HasLoggedErrors;
    }
}
#endif
