using System.Globalization;
using System.Net;

using Coffer.Access.Principals;

namespace Coffer.Access.Requests;

/// <summary>Collects condition keys for a <see cref="RequestContext"/>; typed setters write values
/// in the form the matching condition operators parse.</summary>
public sealed class RequestContextBuilder
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the key's values.</summary>
    public RequestContextBuilder Set(string key, params IEnumerable<string> values)
    {
        _values[key] = [.. values];
        return this;
    }

    /// <summary>Adds one value to a (possibly multi-valued) key.</summary>
    public RequestContextBuilder Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var values))
        {
            _values[key] = values = [];
        }

        values.Add(value);
        return this;
    }

    public RequestContextBuilder Remove(string key)
    {
        _values.Remove(key);
        return this;
    }

    /// <summary>
    /// Sets <c>aws:SourceIp</c>. An IPv4 address that a dual-stack socket reports as IPv6
    /// (<c>::ffff:192.0.2.1</c>) is stored as IPv4, so IPv4 CIDRs in policies still match it.
    /// </summary>
    public RequestContextBuilder WithSourceIp(IPAddress address) =>
        Set(ConditionKeys.SourceIp, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());

    public RequestContextBuilder WithSecureTransport(bool secure) =>
        Set(ConditionKeys.SecureTransport, secure ? "true" : "false");

    /// <summary>Sets both <c>aws:CurrentTime</c> and <c>aws:EpochTime</c>.</summary>
    public RequestContextBuilder WithCurrentTime(DateTimeOffset now)
    {
        Set(ConditionKeys.CurrentTime, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return Set(ConditionKeys.EpochTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Sets <c>aws:username</c>, <c>aws:userid</c>, <c>aws:PrincipalType</c>,
    /// <c>aws:PrincipalArn</c> and <c>aws:PrincipalAccount</c> from the principal, leaving out
    /// the ones AWS leaves out for that kind of principal.
    /// </summary>
    public RequestContextBuilder WithPrincipal(RequestPrincipal principal)
    {
        SetOrRemove(ConditionKeys.UserName, principal.UserName);
        SetOrRemove(ConditionKeys.UserId, principal.UserId);
        SetOrRemove(ConditionKeys.PrincipalArn, principal.Arn);
        SetOrRemove(ConditionKeys.PrincipalAccount, principal.AccountId);
        return Set(ConditionKeys.PrincipalType, principal.Type.ToString());
    }

    public RequestContext Build() => new(_values);

    private void SetOrRemove(string key, string? value)
    {
        if (value is null)
        {
            Remove(key);
        }
        else
        {
            Set(key, value);
        }
    }
}
