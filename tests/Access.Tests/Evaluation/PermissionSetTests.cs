using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Evaluation;

/// <summary>The permission sets our users write, checked against the S3 actions their clients send.</summary>
public class PermissionSetTests
{
    /// <summary>A CMS media library (Strapi and friends): read, write, list and share one bucket.</summary>
    private const string MediaLibrary = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "MediaLibrary",
              "Effect": "Allow",
              "Action": ["s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:PutObjectAcl"],
              "Resource": ["arn:aws:s3:::media", "arn:aws:s3:::media/*"]
            }
          ]
        }
        """;

    /// <summary>A data platform that exports files into one bucket and tidies up after itself.</summary>
    private const string ExportSet = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "Export",
              "Effect": "Allow",
              "Action": [
                "s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject",
                "s3:ListBucket", "s3:PutObject", "s3:ListMultipartUploadParts"
              ],
              "Resource": ["arn:aws:s3:::exports", "arn:aws:s3:::exports/*"]
            }
          ]
        }
        """;

    /// <summary>One shared bucket, each user confined to home/&lt;name&gt;/.</summary>
    private const string PerUserHome = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "ListOwnHome",
              "Effect": "Allow",
              "Action": "s3:ListBucket",
              "Resource": "arn:aws:s3:::shared",
              "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "home/${aws:username}/"]}}
            },
            {
              "Sid": "WorkInOwnHome",
              "Effect": "Allow",
              "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
              "Resource": "arn:aws:s3:::shared/home/${aws:username}/*"
            }
          ]
        }
        """;

    /// <summary>Permission set, principal, action, resource, extra context, allowed?</summary>
    public static TheoryData<string, string, string, string, string, bool> Rows => new()
    {
        { "media", "alice", "s3:PutObject", "arn:aws:s3:::media/uploads/cat.jpg", "", true },
        { "media", "alice", "s3:GetObject", "arn:aws:s3:::media/uploads/cat.jpg", "", true },
        { "media", "alice", "s3:ListBucket", "arn:aws:s3:::media", "s3:prefix=uploads/", true },
        { "media", "alice", "s3:DeleteObject", "arn:aws:s3:::media/uploads/cat.jpg", "", true },
        { "media", "alice", "s3:PutObjectAcl", "arn:aws:s3:::media/uploads/cat.jpg", "s3:x-amz-acl=public-read", true },
        { "media", "alice", "s3:DeleteBucket", "arn:aws:s3:::media", "", false },
        { "media", "alice", "s3:PutBucketPolicy", "arn:aws:s3:::media", "", false },
        { "media", "alice", "s3:GetObjectAcl", "arn:aws:s3:::media/uploads/cat.jpg", "", false },
        { "media", "alice", "s3:GetObject", "arn:aws:s3:::backups/db.sql", "", false },
        { "media", "alice", "s3:PutObject", "arn:aws:s3:::media-archive/cat.jpg", "", false },
        { "media", "alice", "s3:ListBucket", "arn:aws:s3:::backups", "", false },
        { "media", "alice", "s3:ListAllMyBuckets", "arn:aws:s3:::*", "", false },

        { "export", "alice", "s3:GetBucketLocation", "arn:aws:s3:::exports", "", true },
        { "export", "alice", "s3:ListBucket", "arn:aws:s3:::exports", "s3:prefix=2026/", true },
        { "export", "alice", "s3:PutObject", "arn:aws:s3:::exports/2026/03/part-0001.parquet", "", true },
        { "export", "alice", "s3:GetObject", "arn:aws:s3:::exports/2026/03/part-0001.parquet", "", true },
        { "export", "alice", "s3:DeleteObject", "arn:aws:s3:::exports/2026/03/part-0001.parquet", "", true },
        { "export", "alice", "s3:ListMultipartUploadParts", "arn:aws:s3:::exports/2026/03/big.csv", "", true },
        { "export", "alice", "s3:AbortMultipartUpload", "arn:aws:s3:::exports/2026/03/big.csv", "", false },
        { "export", "alice", "s3:ListBucketMultipartUploads", "arn:aws:s3:::exports", "", false },
        { "export", "alice", "s3:DeleteBucket", "arn:aws:s3:::exports", "", false },
        { "export", "alice", "s3:PutObject", "arn:aws:s3:::media/x", "", false },

        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/alice/", true },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/alice/photos/", true },
        { "home", "alice", "s3:PutObject", "arn:aws:s3:::shared/home/alice/notes.txt", "", true },
        { "home", "alice", "s3:GetObject", "arn:aws:s3:::shared/home/alice/notes.txt", "", true },
        { "home", "alice", "s3:DeleteObject", "arn:aws:s3:::shared/home/alice/old/notes.txt", "", true },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/bob/", false },
        { "home", "alice", "s3:PutObject", "arn:aws:s3:::shared/home/bob/notes.txt", "", false },
        { "home", "alice", "s3:GetObject", "arn:aws:s3:::shared/home/bob/notes.txt", "", false },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=", false },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/", false },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "", false },
        { "home", "alice", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/alice", false },
        { "home", "alice", "s3:PutObject", "arn:aws:s3:::shared/home/alice", "", false },
        { "home", "alice", "s3:PutObject", "arn:aws:s3:::shared/home/alicex/notes.txt", "", false },
        { "home", "alice", "s3:PutObject", "arn:aws:s3:::shared/notes.txt", "", false },
        { "home", "bob", "s3:ListBucket", "arn:aws:s3:::shared", "s3:prefix=home/bob/", true },
        { "home", "bob", "s3:PutObject", "arn:aws:s3:::shared/home/bob/notes.txt", "", true },
        { "home", "bob", "s3:PutObject", "arn:aws:s3:::shared/home/alice/notes.txt", "", false },
        { "home", "root", "s3:PutObject", "arn:aws:s3:::shared/home//notes.txt", "", false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void PermissionSet_RealisticS3Action_AllowsOnlyWhatItShould(string set, string principal, string action, string resource, string context, bool allowed)
    {
        var json = set switch
        {
            "media" => MediaLibrary,
            "export" => ExportSet,
            _ => PerUserHome,
        };
        var policies = new ApplicablePolicies { IdentityPolicies = [PolicyParser.ParseIdentityPolicy(json)] };

        var decision = PolicyEvaluator.Evaluate(SampleRequests.Make(principal, action, resource, context), policies);

        Assert.Equal(allowed ? Decision.Allow : Decision.ImplicitDeny, decision);
    }
}
