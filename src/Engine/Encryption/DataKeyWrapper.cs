using System.Security.Cryptography;
using System.Text;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Wraps data keys (see <see cref="BlobKeys"/>) under one 256-bit wrapping key, which has an id: the
/// master key of SSE-S3, a KMS key, or a key derived from an SSE-C customer key. Thread-safe.
/// <para>
/// Wrapped form, <see cref="WrappedLength"/> bytes in all:
/// version (1 byte, 1) ‖ key id length n (1 byte) ‖ key id (n bytes of UTF-8) ‖ nonce (12 random
/// bytes) ‖ the data key encrypted with AES-256-GCM (32 bytes) ‖ tag (16 bytes). The associated data
/// is the version, length and key id followed by the caller's context (e.g. "sse-s3" and the
/// bucket and key), so neither the key id nor the owner of a wrapped key can be changed unnoticed.
/// The key id stays readable without any key (<see cref="ReadKeyId"/>): after a rotation, it says
/// which key to unwrap with.
/// </para>
/// </summary>
public sealed class DataKeyWrapper : IDisposable
{
    public const int KeySize = 32;

    /// <summary>The most <see cref="Seal"/> takes: KMS Encrypt's limit.</summary>
    public const int MaxSealedPlaintext = 4096;

    private const byte Version = 1;

    private const int NonceSize = 12;

    private const int TagSize = 16;

    private const int MaxKeyIdBytes = byte.MaxValue;

    private readonly byte[] _wrappingKey;

    // Version, key id length and key id: the start of every wrapped key this instance makes.
    private readonly byte[] _header;

    private bool _disposed;

    public DataKeyWrapper(string keyId, ReadOnlySpan<byte> wrappingKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (wrappingKey.Length != KeySize)
        {
            throw new ArgumentException($"A wrapping key is {KeySize} bytes.", nameof(wrappingKey));
        }

        var idBytes = Encoding.UTF8.GetByteCount(keyId);
        if (idBytes > MaxKeyIdBytes)
        {
            throw new ArgumentException($"A key id is at most {MaxKeyIdBytes} bytes of UTF-8.", nameof(keyId));
        }

        KeyId = keyId;
        _wrappingKey = wrappingKey.ToArray();
        _header = new byte[2 + idBytes];
        _header[0] = Version;
        _header[1] = (byte)idBytes;
        Encoding.UTF8.GetBytes(keyId, _header.AsSpan(2));
    }

    public string KeyId { get; }

    /// <summary>The length of every key this instance wraps.</summary>
    public int WrappedLength => _header.Length + NonceSize + KeySize + TagSize;

    /// <summary>The id of the key that wrapped <paramref name="wrapped"/>, read without unwrapping anything.</summary>
    /// <exception cref="KeyUnwrapException">The bytes are not a wrapped key of a known version.</exception>
    public static string ReadKeyId(ReadOnlySpan<byte> wrapped) => Encoding.UTF8.GetString(KeyIdBytes(wrapped));

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"A data key is {KeySize} bytes.", nameof(dataKey));
        }

        return Seal(dataKey, context);
    }

    /// <summary>
    /// Seals up to <see cref="MaxSealedPlaintext"/> bytes in the same form as a data key, for the key service's
    /// Encrypt, whose plaintexts are any length KMS allows.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> context)
    {
        if (plaintext.IsEmpty || plaintext.Length > MaxSealedPlaintext)
        {
            throw new ArgumentException($"Between 1 and {MaxSealedPlaintext} bytes can be sealed.", nameof(plaintext));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var wrapped = new byte[_header.Length + NonceSize + plaintext.Length + TagSize];
        _header.CopyTo(wrapped, 0);
        var nonce = wrapped.AsSpan(_header.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        // One AesGcm per call: an instance must not serve two threads at once, and a wrap or unwrap
        // happens once per object, not per segment.
        using var aes = new AesGcm(_wrappingKey, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            wrapped.AsSpan(_header.Length + NonceSize, plaintext.Length),
            wrapped.AsSpan(_header.Length + NonceSize + plaintext.Length, TagSize),
            AssociatedData(_header, context));
        return wrapped;
    }

    /// <summary>The data key inside <paramref name="wrapped"/>; the caller wipes it when done.</summary>
    /// <exception cref="KeyUnwrapException">
    /// Not a wrapped key, wrapped by another key id, or it does not open: the wrapping key or the
    /// context is not the one it was wrapped with, or the bytes were altered (GCM cannot tell which).
    /// </exception>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        CheckKeyId(wrapped);
        if (wrapped.Length != WrappedLength)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, $"A wrapped data key is {WrappedLength} bytes, not {wrapped.Length}.");
        }

        return Open(wrapped, context);
    }

    /// <summary>What <see cref="Seal"/> sealed; the caller wipes it when done.</summary>
    /// <exception cref="KeyUnwrapException">As <see cref="Unwrap"/>.</exception>
    public byte[] Open(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckKeyId(wrapped);
        var length = wrapped.Length - _header.Length - NonceSize - TagSize;
        if (length < 1 || length > MaxSealedPlaintext)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, $"{wrapped.Length} bytes cannot be a sealed value of key '{KeyId}'.");
        }

        var header = wrapped[.._header.Length];
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_wrappingKey, TagSize);
            aes.Decrypt(
                wrapped.Slice(header.Length, NonceSize),
                wrapped.Slice(header.Length + NonceSize, length),
                wrapped.Slice(header.Length + NonceSize + length, TagSize),
                plaintext,
                AssociatedData(header, context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException mismatch)
        {
            throw new KeyUnwrapException(
                KeyUnwrapFailure.AuthenticationFailed,
                $"The data key does not unwrap under key '{KeyId}' for this context: another key or context, or altered bytes.",
                mismatch);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_wrappingKey);
    }

    private void CheckKeyId(ReadOnlySpan<byte> wrapped)
    {
        var keyId = KeyIdBytes(wrapped);
        if (!keyId.SequenceEqual(_header.AsSpan(2)))
        {
            throw new KeyUnwrapException(
                KeyUnwrapFailure.OtherWrappingKey,
                $"The data key was wrapped by key '{Encoding.UTF8.GetString(keyId)}', not by '{KeyId}'.");
        }
    }

    private static ReadOnlySpan<byte> KeyIdBytes(ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < 2)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, "A wrapped data key cannot be this short.");
        }

        if (wrapped[0] != Version)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.UnknownVersion, $"Wrapped data keys of version {wrapped[0]} are not known.");
        }

        var length = wrapped[1];
        if (length == 0 || wrapped.Length < 2 + length)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, "The key id of a wrapped data key is empty or cut short.");
        }

        return wrapped.Slice(2, length);
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> context)
    {
        var associated = new byte[header.Length + context.Length];
        header.CopyTo(associated);
        context.CopyTo(associated.AsSpan(header.Length));
        return associated;
    }
}

/// <summary>Why a wrapped data key was refused.</summary>
public enum KeyUnwrapFailure
{
    /// <summary>Too short or too long to be a wrapped data key, or its key id is cut short.</summary>
    Malformed,

    /// <summary>A format version this build does not know.</summary>
    UnknownVersion,

    /// <summary>Wrapped under another key id: unwrap it with that key (<see cref="DataKeyWrapper.ReadKeyId"/>).</summary>
    OtherWrappingKey,

    /// <summary>The tag does not verify: the wrapping key or the context is wrong, or the bytes were altered.</summary>
    AuthenticationFailed,
}

/// <summary>A wrapped data key that could not be unwrapped; <see cref="Failure"/> says why.</summary>
public sealed class KeyUnwrapException(KeyUnwrapFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public KeyUnwrapFailure Failure { get; } = failure;
}
