using Coffer.Engine.Kms;
using Coffer.S3.Authorization;
using Coffer.S3.Errors;

namespace Coffer.S3.Encryption;

/// <summary>
/// The engine's question "may this caller use this KMS key?", answered by the caller's policies as AWS answers it for
/// S3: kms:GenerateDataKey to write an SSE-KMS object or part, kms:Decrypt to read one. The root user may; an anonymous
/// caller never may, so anonymous SSE-KMS requests are refused, as S3 requires them signed.
/// </summary>
internal sealed class CallerKeyUse(RequestAuthorizer authorizer, string caller) : IKeyUseCheck
{
    public async Task RequireAsync(KeyUse use, string keyArn, CancellationToken cancellationToken)
    {
        var action = use == KeyUse.Decrypt ? "kms:Decrypt" : "kms:GenerateDataKey";
        if (!await authorizer.IsAllowedAsync(new RequiredPermission(action, keyArn)))
        {
            throw new S3Exception(S3Error.AccessDenied, $"User: {caller} is not authorized to perform: {action} on resource: {keyArn}");
        }
    }
}
