using System.Text;

using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Operations;
using Coffer.TestKit;

using FsCheck;
using FsCheck.Fluent;

using Xunit.Abstractions;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// x-amz-copy-source and the percent-decoding under it: a bucket and an awkward key, spelled in any
/// of the ways clients escape them, parse back to the same names; anything else is an S3 error.
/// </summary>
[Trait("Category", "Fuzz")]
public class CopySourceFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Buckets = Gen.OneOf(
        Gen.Elements("bucket", "my.bucket", "a-b-c", "123", "x0x", "logs-2026.11"),
        Gen.Choose(3, 63).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()), n)).Select(c => new string(c)));

    private static readonly Gen<CopyCase> Sources =
        from bucket in Buckets
        from key in FuzzInputs.WellFormedText.Where(k => k.Length > 0)
        from escapes in ClientSpelling.Choices(bucket.Length + 1 + key.Length)
        from leadingSlash in Gen.Elements(false, true)
        from version in Gen.Elements("", "", "?versionId=null")
        select new CopyCase(bucket, key, escapes, leadingSlash, version);

    [Fact]
    public void Parse_OfEncodedSources_GivesBackBucketAndKey()
    {
        FuzzBudget.Run("copy-source-roundtrip", Arb.From(Sources), Check, output.WriteLine);

        static void Check(CopyCase c)
        {
            var (bucket, key, _) = CopySource.Parse(c.Header);

            Assert.Equal(c.Bucket, bucket.Value);
            Assert.Equal(c.Key, key.Value);
        }
    }

    [Fact]
    public void Parse_OfArbitraryHeaders_RaisesOnlyS3Errors()
    {
        var headers = Gen.OneOf(
            FuzzInputs.AwkwardText,
            Sources.SelectMany(c => FuzzInputs.Mutated(Encoding.UTF8.GetBytes(c.Header))).Select(Encoding.UTF8.GetString),
            Sources.SelectMany(c => FuzzInputs.Mutated(Encoding.UTF8.GetBytes(c.Header))).Select(Encoding.Latin1.GetString));

        FuzzBudget.Run("copy-source-garbage", headers.Shrinking(), Check, output.WriteLine);

        static void Check(string header)
        {
            try
            {
                CopySource.Parse(header);
            }
            catch (S3Exception)
            {
                // Declared: InvalidArgument, NoSuchBucket, NoSuchVersion, InvalidURI or KeyTooLongError.
            }
        }
    }

    [Fact]
    public void Decode_OfEncodedText_GivesBackTheText()
    {
        var cases = Gen.Zip(FuzzInputs.WellFormedText, Gen.Elements(false, true));

        FuzzBudget.Run("uri-encoding-roundtrip", Arb.From(cases), Check, output.WriteLine);

        static void Check((string Text, bool KeepSlash) c)
        {
            var encoded = UriEncoding.EncodeText(c.Text, c.KeepSlash);

            Assert.Equal(c.Text, UriEncoding.Decode(encoded));
            Assert.True(UriEncoding.TryDecodeStrict(encoded, out var strict));
            Assert.Equal(c.Text, strict);
            Assert.Equal(SigV4Reference.UriEncode(Encoding.UTF8.GetBytes(c.Text)), UriEncoding.EncodeText(c.Text, keepSlash: false));
        }
    }

    /// <param name="Escapes">Per character of "bucket/key": 0–3 as it is, 4 escaped in upper-case hex, 5 in lower-case.</param>
    private sealed record CopyCase(string Bucket, string Key, int[] Escapes, bool LeadingSlash, string Version)
    {
        // '%' and '?' must be escaped to mean themselves, and so must white space, which the header's
        // own trimming would otherwise take from the ends.
        public string Header =>
            (LeadingSlash ? "/" : "")
            + ClientSpelling.Spell(Bucket + "/" + Key, Escapes, c => c is '%' or '?' || char.IsWhiteSpace(c))
            + Version;

        public override string ToString() => $"bucket {Bucket}, key {Key}, header {Header}";
    }
}
