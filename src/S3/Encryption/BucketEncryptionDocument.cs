using System.Xml;
using System.Xml.Linq;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

using static Coffer.S3.Xml.SchemaReader;

namespace Coffer.S3.Encryption;

/// <summary>
/// S3's ServerSideEncryptionConfiguration document (Put/GetBucketEncryption), read with S3's answers to bad ones. Every
/// element is known or the document is refused: an element Coffer skipped would be a setting it silently did not apply.
/// </summary>
public static class BucketEncryptionDocument
{
    private const string BlockNothing = "NONE";
    private const string BlockCustomerKeys = "SSE-C";

    /// <summary>S3's words when a KMS key is named for a default that uses none.</summary>
    public const string KmsKeyWithoutKms = "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse";

    /// <exception cref="S3Exception">
    /// MalformedXML for another shape (no rule or more than one, an element S3 does not define, an SSEAlgorithm other than
    /// AES256, aws:kms or aws:kms:dsse, a BlockedEncryptionTypes value other than NONE or SSE-C, or both); InvalidArgument
    /// for a KMSMasterKeyID with AES256; NotImplemented for a KMS default, since objects cannot be sealed with KMS keys
    /// yet (SSE-KMS). Checked in that order, so a document S3 would refuse is refused as S3 refuses it.
    /// </exception>
    public static BucketEncryptionRequest Parse(XElement? document)
    {
        if (document is not { Name.LocalName: "ServerSideEncryptionConfiguration" } || document.Elements().ToList() is not [{ Name.LocalName: "Rule" } rule])
        {
            throw Malformed();
        }

        RequireKnown(rule, "ApplyServerSideEncryptionByDefault", "BucketKeyEnabled", "BlockedEncryptionTypes");
        var (algorithm, kmsKeyId) = Optional(rule, "ApplyServerSideEncryptionByDefault") is { } byDefault ? DefaultOf(byDefault) : (null, null);
        var bucketKey = Optional(rule, "BucketKeyEnabled") is { } flag && Boolean(flag);
        var blockSseC = Optional(rule, "BlockedEncryptionTypes") is { } blocked ? BlocksSseC(blocked) : (bool?)null;

        if (kmsKeyId is not null && algorithm == ServerSideEncryptionHeader.Aes256)
        {
            throw new S3Exception(S3Error.InvalidArgument, KmsKeyWithoutKms, [new("ArgumentName", "ApplyServerSideEncryptionByDefault")]);
        }

        // A KMS default keeps its key as named (id, ARN or alias; none means the aws/s3 key), as S3 reports it back; each
        // write resolves it, so a key disabled or deleted later refuses the writes, as on AWS.
        return new BucketEncryptionRequest
        {
            Default = algorithm switch
            {
                null => null,
                ServerSideEncryptionHeader.AwsKms => new ObjectEncryption(ServerSideEncryption.SseKms) { KmsKeyId = kmsKeyId },
                ServerSideEncryptionHeader.AwsKmsDsse => new ObjectEncryption(ServerSideEncryption.DsseKms) { KmsKeyId = kmsKeyId },
                _ => ObjectEncryption.SseS3,
            },
            BucketKeyEnabled = bucketKey,
            BlockSseC = blockSseC,
        };
    }

    /// <summary>
    /// The document GetBucketEncryption answers: one rule, with the default if there is one, and, as S3 has since
    /// blocking SSE-C was added, always BlockedEncryptionTypes (NONE or SSE-C) and BucketKeyEnabled.
    /// </summary>
    public static void Write(XmlWriter xml, BucketEncryption configuration)
    {
        xml.WriteStartElement("ServerSideEncryptionConfiguration", S3Xml.Namespace);
        xml.WriteStartElement("Rule");
        if (configuration.Default is { } byDefault)
        {
            xml.WriteStartElement("ApplyServerSideEncryptionByDefault");
            xml.WriteElementString("SSEAlgorithm", byDefault.Kind switch
            {
                ServerSideEncryption.SseKms => ServerSideEncryptionHeader.AwsKms,
                ServerSideEncryption.DsseKms => ServerSideEncryptionHeader.AwsKmsDsse,
                _ => ServerSideEncryptionHeader.Aes256,
            });
            if (byDefault.KmsKeyId is { } keyId)
            {
                xml.WriteElementString("KMSMasterKeyID", keyId);
            }

            xml.WriteEndElement();
        }

        xml.WriteStartElement("BlockedEncryptionTypes");
        xml.WriteElementString("EncryptionType", configuration.SseCBlocked ? BlockCustomerKeys : BlockNothing);
        xml.WriteEndElement();
        xml.WriteElementString("BucketKeyEnabled", configuration.BucketKeyEnabled ? "true" : "false");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static (string? Algorithm, string? KmsKeyId) DefaultOf(XElement byDefault)
    {
        RequireKnown(byDefault, "SSEAlgorithm", "KMSMasterKeyID");
        var algorithm = One(byDefault, "SSEAlgorithm");
        if (algorithm is not (ServerSideEncryptionHeader.Aes256 or ServerSideEncryptionHeader.AwsKms or ServerSideEncryptionHeader.AwsKmsDsse))
        {
            throw Malformed();
        }

        return (algorithm, Optional(byDefault, "KMSMasterKeyID") is { } kmsKeyId ? Text(kmsKeyId) : null);
    }

    /// <summary>
    /// True for SSE-C, false for NONE or an empty list (nothing blocked). Both at once contradict each other; S3's answer
    /// to that is not known, and Coffer refuses it rather than guess which was meant.
    /// </summary>
    private static bool BlocksSseC(XElement blocked)
    {
        RequireKnown(blocked, "EncryptionType");
        var types = blocked.Children("EncryptionType").Select(Text).ToHashSet(StringComparer.Ordinal);
        if (!types.IsSubsetOf([BlockNothing, BlockCustomerKeys]) || types.Count == 2)
        {
            throw Malformed();
        }

        return types.Contains(BlockCustomerKeys);
    }

    /// <summary>xs:boolean, as S3's schema types BucketKeyEnabled.</summary>
    private static bool Boolean(XElement flag) => Text(flag) switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Malformed(),
    };
}
