using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Engine.Identity;

/// <summary>
/// A few of AWS's own managed policies (<c>arn:aws:iam::aws:policy/…</c>) that scripts and test
/// suites attach by ARN without creating them, narrowed to what Coffer serves (S3 and IAM). They
/// are read-only; one is written to the store the first time it is attached, because attachments
/// name a stored policy.
/// </summary>
public static class AwsManagedPolicies
{
    public const string ArnPrefix = "arn:aws:iam::aws:policy/";

    // AWS published its S3 and IAM policies on this day; a fixed date keeps answers stable.
    private static readonly DateTimeOffset Published = new(2015, 2, 6, 18, 40, 58, TimeSpan.Zero);

    private static readonly FrozenDictionary<string, ManagedPolicy> ByArn = new[]
    {
        Policy("AdministratorAccess", "Full access to everything.", """["*"]"""),
        Policy("AmazonS3FullAccess", "Full access to all buckets.", """["s3:*"]"""),
        Policy("AmazonS3ReadOnlyAccess", "Read-only access to all buckets.", """["s3:Get*","s3:List*","s3:Describe*"]"""),
        Policy("IAMFullAccess", "Full access to IAM.", """["iam:*"]"""),
        Policy("IAMReadOnlyAccess", "Read-only access to IAM.", """["iam:Get*","iam:List*"]"""),
    }.ToFrozenDictionary(p => p.Arn, StringComparer.Ordinal);

    /// <summary>Ordered by name, as listings are.</summary>
    public static IReadOnlyList<ManagedPolicy> All { get; } = [.. ByArn.Values.OrderBy(p => p.Name, IamNameOrder.Instance)];

    public static ManagedPolicy? Find(string arn) => ByArn.GetValueOrDefault(arn);

    public static bool IsAwsManaged(string arn) => arn.StartsWith(ArnPrefix, StringComparison.Ordinal);

    private static ManagedPolicy Policy(string name, string description, string actions) => new()
    {
        Arn = ArnPrefix + name,
        Name = name,
        Id = "ANPA" + StableId(name),
        Document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{{actions}},"Resource":"*"}]}""",
        Description = description,
        Created = Published,
    };

    // The same id on every server and every start, as AWS's policies have one id everywhere.
    private static string StableId(string name)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return string.Create(17, hash, static (span, bytes) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[bytes[i] % Alphabet.Length];
            }
        });
    }
}
