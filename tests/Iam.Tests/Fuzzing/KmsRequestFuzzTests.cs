using System.Text;

using Coffer.Engine.Kms;
using Coffer.Iam.Kms;
using Coffer.TestKit;

using FsCheck;
using FsCheck.Fluent;

namespace Coffer.Iam.Tests.Fuzzing;

/// <summary>
/// KMS request bodies, from valid requests of the operations Coffer serves (mutated), from arbitrary bytes and from
/// hostile JSON (wrong member types, escapes of lone surrogates, raw invalid UTF-8, deep nesting, numbers past any
/// type). Parsing and then reading every member with every typed reader gives a value or a KMS error a client can be
/// sent (SerializationException or ValidationException), never any other exception, which would be a 500. Key
/// references likewise give a reference or a <see cref="KeyServiceException"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public class KmsRequestFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Valid =
    [
        """{"KeyId":"alias/backups","Plaintext":"aGVsbG8=","EncryptionContext":{"bucket":"photos","k\u00e9y":"v"},"GrantTokens":["t"],"DryRun":false}""",
        """{"KeyId":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","KeySpec":"AES_256","EncryptionContext":{}}""",
        """{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","NumberOfBytes":64}""",
        """{"CiphertextBlob":"AQIDBAUGBwgJCgsMDQ4PEA==","EncryptionContext":{"a":"b"},"KeyId":"alias/x","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}""",
        """{"CiphertextBlob":"AQID","SourceEncryptionContext":{"a":"b"},"DestinationKeyId":"alias/y","DestinationEncryptionContext":{"c":"d"}}""",
        """{"Description":"nightly","KeyUsage":"ENCRYPT_DECRYPT","KeySpec":"SYMMETRIC_DEFAULT","Origin":"AWS_KMS","MultiRegion":false}""",
        """{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","PendingWindowInDays":7}""",
        """{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","RotationPeriodInDays":365}""",
        """{"AliasName":"alias/backups","TargetKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}""",
        """{"Limit":10,"Marker":"alias/a"}""",
    ];

    /// <summary>Every member the served operations read, and one none does.</summary>
    private static readonly string[] Members =
    [
        "KeyId", "Plaintext", "CiphertextBlob", "EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext",
        "KeySpec", "NumberOfBytes", "EncryptionAlgorithm", "SourceKeyId", "DestinationKeyId", "Description", "KeyUsage", "Origin",
        "MultiRegion", "DryRun", "GrantTokens", "PendingWindowInDays", "RotationPeriodInDays", "AliasName", "TargetKeyId", "Limit",
        "Marker", "Policy", "Tags", "Recipient", "NotAMember",
    ];

    /// <summary>JSON values of every kind, including the ones a careless reader trips on.</summary>
    private static readonly string[] Values =
    [
        "\"text\"", "\"\"", "\"aGVsbG8=\"", "\"***\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"a\\\"b\"", "1", "0", "-1", "1.5", "1e3",
        "2147483648", "-9223372036854775809", "1e400", "true", "false", "null", "{}", "[]", "{\"a\":1}", "{\"a\":\"b\"}", "{\"\\ud800\":\"b\"}",
        "[\"t\"]", "[1,[2,{}]]",
    ];

    private static readonly Gen<byte[]> Hostile =
        from shape in Gen.Choose(0, 3)
        from member in Gen.Elements(Members)
        from value in Gen.Elements(Values)
        from depth in Gen.Choose(1, 200)
        select shape switch
        {
            0 => Encoding.UTF8.GetBytes($"{{\"{member}\":{value}}}"),
            // Raw bytes that are not UTF-8, inside a string value and inside a member name.
            1 => [.. "{\""u8, .. Encoding.UTF8.GetBytes(member), .. "\":\"a"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8],
            2 => [.. "{\"K"u8, 0xE2, 0x82, .. "\":{\"x"u8, 0xF0, .. "\":\"y\"}}"u8],
            _ => Encoding.UTF8.GetBytes($"{{\"{member}\":{string.Concat(Enumerable.Repeat("[", depth))}1{string.Concat(Enumerable.Repeat("]", depth))}}}"),
        };

    [Fact]
    public void Parse_OfMutatedRequests_GivesARequestOrAKmsError()
    {
        var bodies = Gen.Elements(Valid).SelectMany(json => FuzzInputs.Mutated(Encoding.UTF8.GetBytes(json)));

        FuzzBudget.Run("kms-request-mutated", bodies.Shrinking(), ParseAndReadAll, output.WriteLine);
    }

    [Fact]
    public void Parse_OfArbitraryBytes_GivesARequestOrAKmsError()
    {
        FuzzBudget.Run("kms-request-bytes", FuzzInputs.Bytes.Shrinking(), ParseAndReadAll, output.WriteLine);
    }

    [Fact]
    public void Parse_OfHostileMembers_GivesARequestOrAKmsError()
    {
        FuzzBudget.Run("kms-request-hostile", Hostile.Shrinking(), ParseAndReadAll, output.WriteLine);
    }

    [Fact]
    public void KeyReferenceParse_OfArbitraryText_GivesAReferenceOrAKeyServiceError()
    {
        var arns = new KmsArns("us-east-1", "123456789012");
        var texts = Gen.OneOf(
            FuzzInputs.AwkwardText,
            from prefix in Gen.Elements("", "alias/", "key/", "arn:", "arn:aws:kms:us-east-1:123456789012:", "arn:aws:kms:eu-west-3:123456789012:", arns.Prefix + "key/", arns.Prefix + "alias/")
            from rest in FuzzInputs.AwkwardText
            select prefix + rest,
            Gen.Choose(2040, 2060).Select(n => new string('k', n)));
        var cases = Gen.Zip(texts, Gen.Elements(false, true));

        FuzzBudget.Run("kms-key-reference", Arb.From(cases), Check, output.WriteLine);

        void Check((string Text, bool AllowAlias) c)
        {
            try
            {
                var reference = KeyReference.Parse(c.Text, arns, c.AllowAlias);

                // A reference names a key or an alias, never neither, and never an alias where none is allowed.
                Assert.True(reference.KeyId is not null ^ reference.AliasName is not null);
                Assert.True(c.AllowAlias || reference.AliasName is null);
            }
            catch (KeyServiceException)
            {
                // Declared: Validation (empty or too long) or NotFound.
            }
        }
    }

    private static void ParseAndReadAll(byte[] body)
    {
        KmsRequest request;
        try
        {
            request = KmsRequest.Parse(body);
        }
        catch (KmsException error)
        {
            AssertSendable(error);
            return;
        }

        foreach (var member in Members)
        {
            foreach (var read in Readers)
            {
                try
                {
                    read(request, member);
                }
                catch (KmsException error)
                {
                    AssertSendable(error);
                }
            }
        }
    }

    private static readonly Action<KmsRequest, string>[] Readers =
    [
        (r, m) => r.String(m),
        (r, m) => r.RequiredString(m),
        (r, m) => r.Integer(m),
        (r, m) => r.Boolean(m),
        (r, m) => r.Blob(m),
        (r, m) => r.RequiredBlob(m),
        (r, m) => r.StringMap(m),
        (r, m) => r.Has(m),
    ];

    private static void AssertSendable(KmsException error)
    {
        Assert.Contains(error.Type, (string[])["SerializationException", "ValidationException"]);
        Assert.Equal(400, error.StatusCode);
    }
}
