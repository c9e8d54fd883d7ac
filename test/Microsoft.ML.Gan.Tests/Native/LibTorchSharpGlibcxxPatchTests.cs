using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using FluentAssertions;
using Microsoft.ML.Gan.Build;
using Xunit;
using static Microsoft.ML.Gan.Tests.Native.TorchSharpNativeFiles;

namespace Microsoft.ML.Gan.Tests.Native;

// libLibTorchSharp.so, libstdc++ and hard links: the patch exists only for Linux.
[SupportedOSPlatform("linux")]
public sealed class LibTorchSharpGlibcxxPatchTests : IDisposable
{
    // From `readelf -SV` on TorchSharp 0.107.0's libLibTorchSharp.so: .gnu.version_r is at file offset
    // 0x3f8f0 and its Vernaux for GLIBCXX_3.4.32 (version index 18) at +0x140; vna_flags follows vna_hash.
    private const long ExpectedFlagsOffset = 0x3f8f0 + 0x140 + 4;
    private const ushort ExpectedVersionIndex = 18;

    private readonly string _dir = Directory.CreateTempSubdirectory("ganml-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Finds_the_GLIBCXX_3_4_32_need_of_libstdcxx_at_its_known_offset()
    {
        byte[] elf = File.ReadAllBytes(NuGetCacheCopy);

        VersionNeedEntry? entry = ElfSymbolVersions.FindVersionNeed(elf, LibStdCxx, GlibcxxVersion);

        entry.Should().NotBeNull();
        entry!.FlagsOffset.Should().Be(ExpectedFlagsOffset, "TorchSharp {0} places that Vernaux there", TorchSharpVersion);
        entry.Flags.Should().Be(0);
        entry.IsWeak.Should().BeFalse();
        BitConverter.ToUInt16(elf, (int)entry.FlagsOffset + 2).Should().Be(ExpectedVersionIndex, "vna_other follows vna_flags");
    }

    [Fact]
    public void Patching_sets_the_weak_flag_and_changes_only_that_field()
    {
        string path = CopyOfCacheFile();
        byte[] original = File.ReadAllBytes(path);
        DateTime lastWrite = File.GetLastWriteTimeUtc(path);
        UnixFileMode mode = File.GetUnixFileMode(path);

        VersionNeedPatchOutcome outcome = ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, GlibcxxVersion);

        outcome.Should().Be(VersionNeedPatchOutcome.Patched);
        byte[] patched = File.ReadAllBytes(path);
        patched.Length.Should().Be(original.Length);
        DifferingOffsets(original, patched).Should().Equal(ExpectedFlagsOffset);
        BitConverter.ToUInt16(patched, (int)ExpectedFlagsOffset).Should().Be(ElfSymbolVersions.VerFlagWeak);
        ElfSymbolVersions.FindVersionNeed(patched, LibStdCxx, GlibcxxVersion)!.IsWeak.Should().BeTrue();
        File.GetLastWriteTimeUtc(path).Should().Be(lastWrite, "the SDK's incremental copy must see the file as up to date");
        File.GetUnixFileMode(path).Should().Be(mode);
        Directory.GetFiles(_dir).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void Patching_twice_leaves_the_file_alone_the_second_time()
    {
        string path = CopyOfCacheFile();
        ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, GlibcxxVersion).Should().Be(VersionNeedPatchOutcome.Patched);
        byte[] afterFirst = File.ReadAllBytes(path);
        ulong inode = UnixFiles.Inode(path);

        VersionNeedPatchOutcome second = ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, GlibcxxVersion);

        second.Should().Be(VersionNeedPatchOutcome.AlreadyWeak);
        File.ReadAllBytes(path).Should().Equal(afterFirst);
        UnixFiles.Inode(path).Should().Be(inode, "an already patched file is not rewritten");
    }

    [Fact]
    public void Patching_a_hard_link_leaves_the_other_link_untouched()
    {
        string cacheLike = CopyOfCacheFile();
        byte[] original = File.ReadAllBytes(cacheLike);
        string output = Path.Combine(_dir, "output-" + FileName);
        UnixFiles.Link(cacheLike, output);

        ElfSymbolVersions.MarkVersionNeedWeak(output, LibStdCxx, GlibcxxVersion).Should().Be(VersionNeedPatchOutcome.Patched);

        File.ReadAllBytes(cacheLike).Should().Equal(original);
        DifferingOffsets(original, File.ReadAllBytes(output)).Should().Equal(ExpectedFlagsOffset);
        UnixFiles.Inode(output).Should().NotBe(UnixFiles.Inode(cacheLike));
    }

    [Fact]
    public void A_version_the_file_does_not_need_is_left_alone()
    {
        string path = CopyOfCacheFile();
        byte[] original = File.ReadAllBytes(path);

        ElfSymbolVersions.FindVersionNeed(original, LibStdCxx, "GLIBCXX_9.9.99").Should().BeNull();
        ElfSymbolVersions.FindVersionNeed(original, "libfoo.so.1", GlibcxxVersion).Should().BeNull();
        ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, "GLIBCXX_9.9.99").Should().Be(VersionNeedPatchOutcome.NotNeeded);

        File.ReadAllBytes(path).Should().Equal(original);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_with_a_clear_message()
    {
        string path = Path.Combine(_dir, FileName);
        File.WriteAllText(path, "not a shared library");

        Action patch = () => ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, GlibcxxVersion);

        patch.Should().Throw<InvalidDataException>().WithMessage($"{path}: Not an ELF file*");
        File.ReadAllText(path).Should().Be("not a shared library");
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "32-bit", "*Not a 64-bit little-endian ELF file*" },
        { "big-endian", "*Not a 64-bit little-endian ELF file*" },
        { "truncated", "*section header table*truncated or corrupt*" },
        { "truncated section data", "*.gnu.version_r*truncated or corrupt*" },
        { "bad vn_version", "*unsupported vn_version 7*" },
        { "verneed link not a string table", "*does not link to a string table*" },
        { "DT_VERNEED mismatch", "*DT_VERNEED*" },
        { "vna_hash mismatch", "*vna_hash that does not match*" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Malformed_ELF_files_are_rejected_without_being_modified(string corruption, string expectedMessage)
    {
        string path = CopyOfCacheFile();
        byte[] elf = File.ReadAllBytes(path);
        elf = Corrupt(elf, corruption);
        File.WriteAllBytes(path, elf);

        Action patch = () => ElfSymbolVersions.MarkVersionNeedWeak(path, LibStdCxx, GlibcxxVersion);

        patch.Should().Throw<InvalidDataException>().WithMessage(expectedMessage);
        File.ReadAllBytes(path).Should().Equal(elf);
    }

    [Fact]
    public void Reads_the_versions_the_system_libstdcxx_defines()
    {
        string? libstdcxx = SystemLibStdCxx.Locate(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), SystemLibStdCxx.DefaultDirectories());
        libstdcxx.Should().NotBeNull(".NET itself needs libstdc++ on Linux");

        IList<string> versions = ElfSymbolVersions.ReadDefinedVersions(File.ReadAllBytes(libstdcxx!));

        versions.Should().Contain(new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.21", "CXXABI_1.3" });
        versions.Should().NotContain(LibStdCxx, "the base entry names the file, not a version");
        versions.Should().OnlyContain(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal) || v.StartsWith("CXXABI_", StringComparison.Ordinal));
        SystemLibStdCxx.DefinesVersion(libstdcxx!, GlibcxxVersion).Should().Be(versions.Contains(GlibcxxVersion));
        SystemLibStdCxx.DefinesVersion(libstdcxx!, "GLIBCXX_3.4").Should().BeTrue();
        ElfSymbolVersions.ReadDefinedVersions(File.ReadAllBytes(NuGetCacheCopy)).Should().BeEmpty();
    }

    [Fact]
    public void Locate_searches_LD_LIBRARY_PATH_first_and_skips_non_ELF_files()
    {
        string notElf = Directory.CreateDirectory(Path.Combine(_dir, "not-elf")).FullName;
        string elf = Directory.CreateDirectory(Path.Combine(_dir, "elf")).FullName;
        File.WriteAllText(Path.Combine(notElf, LibStdCxx), "junk");
        File.Copy(NuGetCacheCopy, Path.Combine(elf, LibStdCxx));

        SystemLibStdCxx.Locate($"{notElf}::{elf}", ["/usr/lib/x86_64-linux-gnu"]).Should().Be(Path.Combine(elf, LibStdCxx));
        SystemLibStdCxx.Locate(null, [notElf, elf]).Should().Be(Path.Combine(elf, LibStdCxx));
        SystemLibStdCxx.Locate(notElf, [Path.Combine(_dir, "missing")]).Should().BeNull();
    }

    private string CopyOfCacheFile()
    {
        string path = Path.Combine(_dir, FileName);
        File.Copy(NuGetCacheCopy, path);
        return path;
    }

    private static List<long> DifferingOffsets(byte[] a, byte[] b) =>
        Enumerable.Range(0, Math.Min(a.Length, b.Length)).Where(i => a[i] != b[i]).Select(i => (long)i).ToList();

    private static byte[] Corrupt(byte[] elf, string corruption)
    {
        const int verneedOffset = 0x3f8f0;
        const int sectionTableOffset = 0x28;
        long sectionTable = BitConverter.ToInt64(elf, sectionTableOffset);
        switch (corruption)
        {
            case "32-bit":
                elf[4] = 1;
                return elf;
            case "big-endian":
                elf[5] = 2;
                return elf;
            case "truncated":
                return elf[..(verneedOffset + 0x20)];
            case "truncated section data":
                return TruncateKeepingHeaders(elf, verneedOffset + 0x20);
            case "bad vn_version":
                elf[verneedOffset] = 7;
                return elf;
            case "verneed link not a string table":
                // Section 6 is .gnu.version_r; point its sh_link at itself.
                BitConverter.GetBytes(6u).CopyTo(elf, (int)sectionTable + (6 * 64) + 0x28);
                return elf;
            case "DT_VERNEED mismatch":
                // Move the section's recorded address so it no longer matches the dynamic table.
                BitConverter.GetBytes((long)verneedOffset + 0x10).CopyTo(elf, (int)sectionTable + (6 * 64) + 0x10);
                return elf;
            case "vna_hash mismatch":
                elf[ExpectedFlagsOffset - 4] ^= 0x01;
                return elf;
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null);
        }
    }

    // Cuts the file inside .gnu.version_r but keeps a valid section header table (moved over early bytes
    // the patcher never reads), so the section itself runs past the end of the file.
    private static byte[] TruncateKeepingHeaders(byte[] elf, int keep)
    {
        const int movedTable = 0x1000;
        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int tableLength = BitConverter.ToUInt16(elf, 0x3c) * 64;
        byte[] result = elf[..keep];
        Array.Copy(elf, sectionTable, result, movedTable, tableLength);
        BitConverter.GetBytes((long)movedTable).CopyTo(result, 0x28);
        return result;
    }
}
