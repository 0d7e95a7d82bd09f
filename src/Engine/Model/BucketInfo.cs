namespace Coffer.Engine.Model;

public sealed record BucketInfo(string Name, string Region, string Owner, DateTimeOffset CreatedAt);
