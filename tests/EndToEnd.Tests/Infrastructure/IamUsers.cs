using System.Text.Json;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>A user's long-term key, as CreateAccessKey returned it.</summary>
public sealed record UserKey(string UserName, string AccessKeyId, string SecretAccessKey);

/// <summary>Sets up IAM users the way an operator would: with `aws iam` as root.</summary>
public sealed class IamUsers(CofferServer server)
{
    private readonly AwsCli _root = new(server);

    /// <summary>Creates the user, gives it one inline policy (unless null) and an access key.</summary>
    public async Task<UserKey> CreateAsync(string userName, string? policyJson)
    {
        await _root.RunCheckedAsync("iam", "create-user", "--user-name", userName);
        if (policyJson is not null)
        {
            await _root.RunCheckedAsync("iam", "put-user-policy", "--user-name", userName, "--policy-name", "access", "--policy-document", policyJson);
        }

        using var created = JsonDocument.Parse(await _root.RunCheckedAsync("iam", "create-access-key", "--user-name", userName));
        var key = created.RootElement.GetProperty("AccessKey");
        return new UserKey(userName, key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
    }

    /// <summary>A policy document allowing <paramref name="actions"/> on a bucket and everything in it.</summary>
    public static string AllowOnBucket(string bucket, params string[] actions) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new { Effect = "Allow", Action = actions, Resource = new[] { $"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*" } },
        },
    });
}
