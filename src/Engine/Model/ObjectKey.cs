using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Coffer.Engine.Model;

/// <summary>
/// An object key: any valid UTF-8 of 1 to 1,024 bytes. Keys are data, never paths: they are
/// stored in the metadata store and ordered by their UTF-8 bytes, as S3 lists them.
/// </summary>
public readonly record struct ObjectKey
{
    public const int MaxBytes = 1024;

    private ObjectKey(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? text, [NotNullWhen(true)] out ObjectKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // Strings decoded from a URL can hold lone surrogates; they have no UTF-8 form.
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        if (byteCount > MaxBytes)
        {
            return false;
        }

        key = new ObjectKey(text);
        return true;
    }

    public byte[] ToUtf8() => StrictUtf8.GetBytes(Value);

    public static ObjectKey FromStored(string value) => new(value);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
