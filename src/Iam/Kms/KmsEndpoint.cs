using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using Coffer.Engine.Errors;
using Coffer.Engine.Kms;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Iam.Kms;

/// <summary>
/// The AWS KMS API, JSON 1.1 protocol (<c>X-Amz-Target: TrentService.Operation</c>): one already-authenticated request
/// in, its whole answer (result or KMS error) out. Callers are authorized by their IAM policies on the key's ARN, as on
/// AWS when a key policy leaves the decision to IAM (Coffer has no key policies); the root user may do anything.
/// </summary>
public sealed partial class KmsEndpoint
{
    public const string TargetPrefix = "TrentService.";

    public const string ContentType = "application/x-amz-json-1.1";

    private static readonly FrozenDictionary<string, KmsAction> Actions =
        KmsKeyActions.All.Concat(KmsAliasActions.All).Concat(KmsCryptoActions.All).ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>KMS operations Coffer knows and does not offer: refused by name rather than as unknown.</summary>
    private static readonly FrozenSet<string> Unsupported = FrozenSet.Create(
        StringComparer.Ordinal,
        "PutKeyPolicy", "GetKeyPolicy", "ListKeyPolicies", "CreateGrant", "ListGrants", "RetireGrant", "RevokeGrant", "ListRetirableGrants",
        "TagResource", "UntagResource", "ListResourceTags", "UpdateKeyDescription", "RotateKeyOnDemand", "ListKeyRotations",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "Sign", "Verify", "GetPublicKey",
        "GenerateRandom", "DeriveSharedSecret", "ImportKeyMaterial", "DeleteImportedKeyMaterial", "GetParametersForImport",
        "ReplicateKey", "UpdatePrimaryRegion", "CreateCustomKeyStore", "DeleteCustomKeyStore", "DescribeCustomKeyStores",
        "UpdateCustomKeyStore", "ConnectCustomKeyStore", "DisconnectCustomKeyStore");

    // Messages read as written (Coffer's, not Coffer\u0027s); the body is JSON, never HTML.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly KeyService _keys;

    private readonly IamAuthorizer _authorizer;

    public KmsEndpoint(KeyService keys, IdentityPolicies policies, TimeProvider clock)
    {
        _keys = keys;
        _authorizer = new IamAuthorizer(policies, clock);
    }

    /// <summary>The names of the operations this endpoint answers.</summary>
    public static IEnumerable<string> OperationNames => Actions.Keys;

    /// <param name="target">The X-Amz-Target header, such as <c>TrentService.Encrypt</c>.</param>
    public async Task HandleAsync(HttpContext context, string target, ReadOnlyMemory<byte> body, IamCaller caller, string requestId)
    {
        try
        {
            // 1. Which operation. 2. Its body. 3. May the caller do it to these keys? 4. Do it, answer once.
            var action = ActionOf(target);
            var call = new KmsCall(KmsRequest.Parse(body), _keys, context.RequestAborted);
            foreach (var (name, resource) in await action.PermissionsAsync(call))
            {
                if (!await _authorizer.IsAllowedAsync(context, caller, name, resource, trustPolicy: null, context.RequestAborted))
                {
                    throw KmsException.AccessDenied($"User: {caller.Principal.Arn ?? "anonymous"} is not authorized to perform: {name} on resource: {resource}");
                }
            }

            await WriteAsync(context, StatusCodes.Status200OK, await action.RunAsync(call), requestId);
        }
        catch (KeyServiceException error)
        {
            await WriteErrorAsync(context, KmsException.From(error), requestId);
        }
        catch (KmsException error)
        {
            await WriteErrorAsync(context, error, requestId);
        }
        // A metadata store that moved or cannot be reached is left to the endpoint's caller, which answers 503: the
        // client retries it, where a 500 would tell it the call failed.
        catch (Exception error) when (error is not OperationCanceledException and not EngineException { Code: EngineError.MetadataMoved or EngineError.MetadataUnavailable }
            && !context.Response.HasStarted)
        {
            // A KMS client reads a JSON error, not S3's XML: say it as KMS does, and tell the operator what broke.
            if (context.RequestServices?.GetService<ILogger<KmsEndpoint>>() is { } logger)
            {
                Log.Failed(logger, error, requestId);
            }

            await WriteErrorAsync(context, KmsException.Internal(), requestId);
        }
    }

    /// <summary>Writes a KMS error: the JSON body KMS sends, and x-amzn-ErrorType, from which SDKs also read the code.</summary>
    public static Task WriteErrorAsync(HttpContext context, KmsException error, string requestId)
    {
        context.Response.Headers["x-amzn-ErrorType"] = error.Type;
        return WriteAsync(context, error.StatusCode, new JsonObject { ["__type"] = error.Type, ["message"] = error.Message }, requestId);
    }

    private static KmsAction ActionOf(string target)
    {
        var name = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : null;
        if (name is not null && Actions.TryGetValue(name, out var action))
        {
            return action;
        }

        throw name is not null && Unsupported.Contains(name)
            ? KmsException.Unsupported($"Coffer's key service does not support {name}.")
            : KmsException.UnknownOperation();
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body, string requestId)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString(JsonOptions));
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "The key service failed request {RequestId}.")]
        public static partial void Failed(ILogger logger, Exception error, string requestId);
    }
}
