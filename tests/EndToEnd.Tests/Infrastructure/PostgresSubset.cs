namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Marks the end-to-end classes that the README's test command runs a second time with every server on PostgreSQL
/// (<see cref="CofferServer.MetadataVariable"/>): together they cover every operation family (objects, multipart,
/// versions and listings, tags, ACLs, policies, CORS, object lock, conditional writes, IAM, STS, KMS, every kind of
/// encryption, lifecycle, restores, Intelligent-Tiering, presigned and POST uploads, attributes, rewind, hostile input).
/// </summary>
public static class PostgresSubset
{
    public const string Trait = "Metadata";

    public const string Value = "PostgreSQL";
}
