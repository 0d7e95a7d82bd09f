using System.Xml;

using Coffer.Engine.Identity;
using Coffer.Iam.Query;

namespace Coffer.Iam.Sts;

/// <summary>Makes temporary credentials: a fresh ASIA key and secret, and a token that carries the grant.</summary>
internal sealed class SessionIssuer(SessionTokens tokens, TimeProvider clock)
{
    /// <summary>STS's shortest session, for every action.</summary>
    public const int MinDurationSeconds = 900;

    /// <param name="describe">Fills in who the session acts as; key, secret and expiry are set here.</param>
    public IssuedSession Issue(int durationSeconds, Func<SessionGrant, SessionGrant> describe)
    {
        var template = new SessionGrant
        {
            AccessKeyId = IamNames.NewTemporaryAccessKeyId(),
            SecretAccessKey = IamNames.NewSecret(),
            Expiration = TruncateToSeconds(clock.GetUtcNow()).AddSeconds(durationSeconds),
            Kind = PrincipalKind.User,
            PrincipalName = "",
            PrincipalId = "",
        };
        var grant = describe(template);
        return new IssuedSession(grant, tokens.Issue(grant));
    }

    /// <summary>ValidationError unless <paramref name="requested"/> (or the default) lies in [900, <paramref name="max"/>].</summary>
    public static int Duration(int? requested, int defaultSeconds, int max)
    {
        var seconds = requested ?? Math.Min(defaultSeconds, max);
        if (seconds < MinDurationSeconds)
        {
            throw QueryException.ValidationError(
                $"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {MinDurationSeconds}");
        }

        return seconds > max
            ? throw QueryException.ValidationError($"The requested DurationSeconds exceeds the {max} seconds allowed for these credentials.")
            : seconds;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
}

/// <summary>A session as issued: its grant and its token, written as STS's Credentials element.</summary>
internal sealed record IssuedSession(SessionGrant Grant, string Token)
{
    public void WriteCredentials(XmlWriter xml)
    {
        xml.WriteStartElement("Credentials");
        xml.WriteElementString("AccessKeyId", Grant.AccessKeyId);
        xml.WriteElementString("SecretAccessKey", Grant.SecretAccessKey);
        xml.WriteElementString("SessionToken", Token);
        xml.WriteElementString("Expiration", QueryXml.Timestamp(Grant.Expiration));
        xml.WriteEndElement();
    }
}
