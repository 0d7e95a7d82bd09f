using Coffer.Access.Policies;

namespace Coffer.Access.Tests.Support;

/// <summary>Short ways to write the policies the tables need.</summary>
internal static class SamplePolicies
{
    /// <summary>An identity policy of one statement; <paramref name="body"/> is the statement's fields.</summary>
    public static PolicyDocument Identity(string body, string version = "2012-10-17") =>
        PolicyParser.ParseIdentityPolicy(Document(body, version));

    /// <summary>A bucket policy for bucket "media" of one statement.</summary>
    public static PolicyDocument Bucket(string body) =>
        PolicyParser.ParseBucketPolicy(Document(body, "2012-10-17"), "media");

    /// <summary>Allows s3:GetObject on everything, under the given Condition element.</summary>
    public static PolicyDocument AllowGetObjectWhen(string condition) =>
        Identity(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": """ + condition);

    private static string Document(string statementBody, string version) =>
        "{\"Version\": \"" + version + "\", \"Statement\": {" + statementBody + "}}";
}
