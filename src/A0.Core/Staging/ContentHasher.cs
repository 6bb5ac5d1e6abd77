using System.Buffers;
using System.Security.Cryptography;

namespace A0.Staging;

/// <summary>One worker's sha256 state and read buffer, reused for every file it hashes.</summary>
internal sealed class ContentHasher : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Streams an open regular file through the hash into <paramref name="digest"/>; returns the bytes read, or -1 with errno.</summary>
    /// <param name="fd">The file, open for reading.</param>
    /// <param name="size">Its size from fstat: a short read that reaches it is the end, which saves a read per file.</param>
    /// <param name="digest">Receives the sha256.</param>
    /// <param name="error">errno when a read fails.</param>
    public long HashFile(int fd, long size, out Sha256Digest digest, out int error)
    {
        long length = 0;
        int read;
        while ((read = UnixFiles.Read(fd, buffer, length, out error)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            length += read;
            if (read < buffer.Length && length >= size)
            {
                break;
            }
        }
        digest = Finish();
        return read < 0 ? -1 : length;
    }

    public Sha256Digest HashBytes(ReadOnlySpan<byte> bytes)
    {
        sha256.AppendData(bytes);
        return Finish();
    }

    public void Dispose()
    {
        sha256.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private Sha256Digest Finish()
    {
        var digest = default(Sha256Digest);
        sha256.GetHashAndReset(digest);
        return digest;
    }
}
