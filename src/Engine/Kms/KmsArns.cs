namespace Coffer.Engine.Kms;

/// <summary>The ARNs of keys and aliases in this server's region and account, as KMS writes them.</summary>
public sealed record KmsArns(string Region, string AccountId)
{
    public string Key(string keyId) => $"arn:aws:kms:{Region}:{AccountId}:key/{keyId}";

    /// <param name="aliasName">With its <c>alias/</c> prefix, as in <c>alias/backups</c>.</param>
    public string Alias(string aliasName) => $"arn:aws:kms:{Region}:{AccountId}:{aliasName}";

    /// <summary>What precedes <c>key/…</c> or <c>alias/…</c> in an ARN of this region and account.</summary>
    public string Prefix => $"arn:aws:kms:{Region}:{AccountId}:";
}
