using System.Globalization;

using Coffer.Engine.Model;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.ObjectLock;

/// <summary>
/// The lock a new object asks for in its headers (PutObject, CopyObject, CreateMultipartUpload) or in a POST form's
/// fields of the same names: x-amz-object-lock-mode with x-amz-object-lock-retain-until-date, and
/// x-amz-object-lock-legal-hold. Bad values get S3's InvalidArgument before anything is read or stored; whether the
/// bucket has object lock is the commit's to judge.
/// </summary>
public static class ObjectLockHeaders
{
    public const string Mode = "x-amz-object-lock-mode";
    public const string RetainUntilDate = "x-amz-object-lock-retain-until-date";
    public const string LegalHold = "x-amz-object-lock-legal-hold";

    /// <summary>The lock asked for; <see cref="ObjectLockRequest.None"/> when no lock header is present.</summary>
    /// <exception cref="S3Exception">InvalidArgument for a mode or date alone, an unknown mode or hold, a date that
    /// is not ISO 8601 or not in the future.</exception>
    public static ObjectLockRequest Read(IHeaderDictionary headers, DateTimeOffset now)
    {
        var mode = Value(headers, Mode);
        var until = Value(headers, RetainUntilDate);
        var hold = Value(headers, LegalHold);
        if (mode is null && until is null && hold is null)
        {
            return ObjectLockRequest.None;
        }

        ObjectRetention? retention = null;
        if (mode is not null || until is not null)
        {
            if (mode is null || until is null)
            {
                throw new S3Exception(S3Error.InvalidArgument, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
            }

            retention = new ObjectRetention(ModeOf(mode), Until(until, now));
        }

        var legalHold = hold switch
        {
            null or "OFF" => LegalHoldStatus.Off,
            "ON" => LegalHoldStatus.On,
            _ => throw Invalid("Legal Hold must be either of 'ON' or 'OFF'", LegalHold, hold),
        };
        return new ObjectLockRequest(retention, legalHold);
    }

    private static RetentionMode ModeOf(string text) => text switch
    {
        "GOVERNANCE" => RetentionMode.Governance,
        "COMPLIANCE" => RetentionMode.Compliance,
        _ => throw Invalid("Unknown wormMode directive.", Mode, text),
    };

    private static DateTimeOffset Until(string text, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until)
            || !text.Contains('T', StringComparison.Ordinal))
        {
            throw Invalid("The retain until date must be provided in ISO 8601 format", RetainUntilDate, text);
        }

        return until > now ? until : throw Invalid("The retain until date must be in the future!", RetainUntilDate, text);
    }

    private static string? Value(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) ? values.ToString().Trim() : null;

    private static S3Exception Invalid(string message, string name, string value) =>
        new(S3Error.InvalidArgument, message, [new("ArgumentName", name), new("ArgumentValue", value)]);
}

/// <summary>What a new object's lock headers ask for.</summary>
public sealed record ObjectLockRequest(ObjectRetention? Retention, LegalHoldStatus LegalHold)
{
    public static readonly ObjectLockRequest None = new(null, LegalHoldStatus.Off);
}
