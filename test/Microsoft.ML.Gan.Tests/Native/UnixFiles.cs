using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan.Tests.Native;

/// <summary>The two POSIX calls .NET does not expose: hard links and inode numbers.</summary>
internal static class UnixFiles
{
    // st_ino follows the 8-byte st_dev in glibc's struct stat on both x86_64 and aarch64.
    private const int InodeOffset = 8;

    public static void Link(string existing, string link)
    {
        if (LinkNative(existing, link) != 0)
        {
            throw new IOException($"link({existing}, {link}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public static ulong Inode(string path)
    {
        // Larger than struct stat on any 64-bit glibc target.
        var buffer = new byte[256];
        if (StatNative(path, buffer) != 0)
        {
            throw new IOException($"stat({path}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return BitConverter.ToUInt64(buffer, InodeOffset);
    }

    [DllImport("libc.so.6", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);

    [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true)]
    private static extern int StatNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
