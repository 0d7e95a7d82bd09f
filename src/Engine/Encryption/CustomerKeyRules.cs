using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Encryption;

/// <summary>
/// When a request must bring an SSE-C key and when it must not, as S3 answers: an SSE-C object (or upload) is read
/// (or added to) only with its own key; a key given for anything else is a mistake, refused rather than ignored, so a
/// client never believes an object is protected by a key that protects nothing.
/// </summary>
public static class CustomerKeyRules
{
    /// <summary>The encryption of a new object or upload written with <paramref name="key"/>: SSE-C, with a fresh check.</summary>
    public static ObjectEncryption For(CustomerKey key) => new(ServerSideEncryption.SseC) { CustomerKeyCheck = CustomerKeyCheck.New(key) };

    /// <summary>A read (GET, HEAD, a copy's source) of a version with these attributes, given this key or none.</summary>
    /// <exception cref="EngineException">InvalidRequest: a key missing or not applicable; WrongCustomerKey: another key.</exception>
    public static void RequireForRead(ObjectAttributes attributes, CustomerKey? key) => Require(
        attributes,
        key,
        "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
        "The encryption parameters are not applicable to this object.");

    /// <summary>A part (UploadPart) or a completion of an upload with these attributes, given this key or none.</summary>
    /// <param name="optional">True for the completion, which S3 lets come without the key (it seals nothing).</param>
    public static void RequireForPart(ObjectAttributes upload, CustomerKey? key, bool optional = false)
    {
        if (optional && key is null)
        {
            return;
        }

        Require(
            upload,
            key,
            "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.",
            "The multipart upload initiate did not request encryption with a customer-provided key. Subsequent part requests must not include customer key parameters.");
    }

    private static void Require(ObjectAttributes attributes, CustomerKey? key, string missing, string notApplicable)
    {
        var check = attributes.Encryption is { Kind: ServerSideEncryption.SseC } sseC ? sseC.CustomerKeyCheck : null;
        if (attributes.Encryption?.Kind == ServerSideEncryption.SseC && check is null)
        {
            throw new InvalidOperationException("An SSE-C object without its key check.");
        }

        switch (check, key)
        {
            case (null, null):
                return;
            case (null, _):
                throw new EngineException(EngineError.InvalidRequest, notApplicable);
            case (_, null):
                throw new EngineException(EngineError.InvalidRequest, missing);
            default:
                if (!CustomerKeyCheck.Matches(key, check))
                {
                    throw new EngineException(EngineError.WrongCustomerKey, "The customer-provided key is not the one the object was encrypted with.");
                }

                return;
        }
    }
}
