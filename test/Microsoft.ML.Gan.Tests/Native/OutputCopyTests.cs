using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Gan.Build;
using Xunit;
using static Microsoft.ML.Gan.Tests.Native.TorchSharpNativeFiles;

namespace Microsoft.ML.Gan.Tests.Native;

public class OutputCopyTests
{
    [Fact]
    public void Build_patches_the_output_copy_only_when_needed_and_never_the_NuGet_cache()
    {
        byte[] cache = File.ReadAllBytes(NuGetCacheCopy);
        byte[] output = File.ReadAllBytes(OutputCopy);
        VersionNeedEntry? cacheEntry = ElfSymbolVersions.FindVersionNeed(cache, LibStdCxx, GlibcxxVersion);
        VersionNeedEntry? outputEntry = ElfSymbolVersions.FindVersionNeed(output, LibStdCxx, GlibcxxVersion);
        string? libstdcxx = SystemLibStdCxx.Locate(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), SystemLibStdCxx.DefaultDirectories());
        bool systemLacksVersion = libstdcxx != null && !SystemLibStdCxx.DefinesVersion(libstdcxx, GlibcxxVersion);

        cacheEntry.Should().NotBeNull();
        outputEntry.Should().NotBeNull();
        cacheEntry!.IsWeak.Should().BeFalse("the NuGet cache copy must never be patched");
        if (systemLacksVersion)
        {
            outputEntry!.IsWeak.Should().BeTrue($"{libstdcxx} lacks {GlibcxxVersion}, so the build marks the need weak");
            output.Length.Should().Be(cache.Length);
            Enumerable.Range(0, cache.Length).Where(i => cache[i] != output[i]).Select(i => (long)i)
                .Should().Equal(new[] { outputEntry.FlagsOffset }, "only vna_flags of that entry may differ");
        }
        else
        {
            output.Should().Equal(cache, "a libstdc++ with {0} needs no patch", GlibcxxVersion);
        }
    }
}
