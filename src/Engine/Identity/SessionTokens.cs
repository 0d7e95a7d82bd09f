using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Engine.Identity;

/// <summary>
/// Session tokens that carry their own grant: the <see cref="SessionGrant"/> as JSON, sealed
/// with the data directory's key and bound to the temporary access key id. A token therefore
/// proves itself (it opens only under this server's key, only for its own key id) and needs no
/// table: temporary credentials cost nothing to issue and vanish when they expire. As in AWS, an
/// issued session cannot be revoked; deleting the role takes its permissions away.
/// </summary>
public sealed class SessionTokens(SecretBox box, TimeProvider clock)
{
    /// <summary>Keeps tokens apart from sealed user secrets, which are bound to their key id alone.</summary>
    private const string Purpose = "session-token:";

    public string Issue(SessionGrant grant)
    {
        var json = JsonSerializer.Serialize(grant, SessionGrantJson.Default.SessionGrant);
        return Convert.ToBase64String(box.Seal(json, Purpose + grant.AccessKeyId));
    }

    /// <summary>The grant inside <paramref name="token"/>, if it was issued here for <paramref name="accessKeyId"/> and is still valid.</summary>
    /// <exception cref="SessionTokenException">The token is malformed, not for this key, or expired.</exception>
    public SessionGrant Open(string accessKeyId, string token)
    {
        SessionGrant? grant;
        try
        {
            var sealedBytes = Convert.FromBase64String(token);
            grant = JsonSerializer.Deserialize(box.Open(sealedBytes, Purpose + accessKeyId), SessionGrantJson.Default.SessionGrant);
        }
        catch (Exception error) when (error is FormatException or CryptographicException or JsonException)
        {
            throw new SessionTokenException(expired: false);
        }

        if (grant is null || grant.AccessKeyId != accessKeyId)
        {
            throw new SessionTokenException(expired: false);
        }

        return clock.GetUtcNow() >= grant.Expiration ? throw new SessionTokenException(expired: true) : grant;
    }
}

/// <summary>A session token that cannot be used: malformed or foreign (InvalidToken), or past its expiry (ExpiredToken).</summary>
public sealed class SessionTokenException(bool expired)
    : Exception(expired ? "The provided token has expired." : "The provided token is malformed or otherwise invalid.")
{
    public bool Expired { get; } = expired;
}

[JsonSerializable(typeof(SessionGrant))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class SessionGrantJson : JsonSerializerContext;
