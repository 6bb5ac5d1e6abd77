using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace A0.Staging;

/// <summary>One worker's sha256 state and read buffer, reused for every file it hashes.</summary>
internal sealed class ContentHasher : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Streams an open regular file through the hash; returns the hex digest and the bytes read.</summary>
    /// <param name="fd">The file, open for reading.</param>
    /// <param name="size">Its size from fstat: a short read that reaches it is the end, which saves a read per file.</param>
    /// <param name="path">For error messages.</param>
    /// <param name="length">The bytes read.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string HashFile(int fd, long size, string path, out long length)
    {
        length = 0;
        int read;
        while ((read = UnixFiles.Read(fd, buffer, length, path)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            length += read;
            if (read < buffer.Length && length >= size)
            {
                break;
            }
        }
        return Finish();
    }

    public string HashBytes(ReadOnlySpan<byte> bytes)
    {
        sha256.AppendData(bytes);
        return Finish();
    }

    public void Dispose()
    {
        sha256.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private string Finish()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
