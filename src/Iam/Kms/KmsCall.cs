using Coffer.Engine.Kms;

namespace Coffer.Iam.Kms;

/// <summary>One KMS call in progress: its request, the key service, and the request's cancellation.</summary>
internal sealed record KmsCall(KmsRequest Request, KeyService Keys, CancellationToken CancellationToken)
{
    /// <summary>The ARN of the key a KeyId member names (by id, ARN or alias), for authorization.</summary>
    public async Task<string> KeyArnAsync(string member = "KeyId") =>
        Keys.Arns.Key((await Keys.DescribeKeyAsync(Request.RequiredString(member), CancellationToken)).Id);
}

/// <summary>
/// One KMS operation: its name (the part of X-Amz-Target after <c>TrentService.</c>), the permissions it needs (IAM
/// action and resource ARN, each of which must be allowed), and what it does, returning its JSON answer.
/// </summary>
internal sealed record KmsAction(
    string Name,
    Func<KmsCall, Task<IReadOnlyList<(string Action, string Resource)>>> PermissionsAsync,
    Func<KmsCall, Task<System.Text.Json.Nodes.JsonObject>> RunAsync)
{
    /// <summary>Needs <c>kms:{Name}</c> on every key (for CreateKey and the listings, as KMS).</summary>
    public static KmsAction OnAnyResource(string name, Func<KmsCall, Task<System.Text.Json.Nodes.JsonObject>> run) =>
        new(name, _ => Task.FromResult<IReadOnlyList<(string, string)>>([("kms:" + name, "*")]), run);

    /// <summary>Needs <c>kms:{Name}</c> on the key its KeyId names.</summary>
    public static KmsAction OnKey(string name, Func<KmsCall, Task<System.Text.Json.Nodes.JsonObject>> run) =>
        new(name, async call => [("kms:" + name, await call.KeyArnAsync())], run);
}
