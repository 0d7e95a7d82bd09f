namespace Coffer.Engine.Kms;

/// <summary>A friendly name for a key, such as <c>alias/backups</c>; it names one key at a time and can be moved.</summary>
public sealed record KmsAlias(string Name, string KeyId, DateTimeOffset Created, DateTimeOffset Updated);
