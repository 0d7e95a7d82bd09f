using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.ObjectLock;

public class ObjectLockHeadersTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }

    [Fact]
    public void Read_NoLockHeader_IsNone()
    {
        Assert.Same(ObjectLockRequest.None, ObjectLockHeaders.Read(Headers(("Content-Type", "text/plain")), Now));
    }

    [Fact]
    public void Read_ModeDateAndHold_AreTheVersionsLock()
    {
        var read = ObjectLockHeaders.Read(
            Headers((ObjectLockHeaders.Mode, "COMPLIANCE"), (ObjectLockHeaders.RetainUntilDate, "2031-06-01T12:00:00.000Z"), (ObjectLockHeaders.LegalHold, "ON")),
            Now);

        Assert.Equal(new ObjectRetention(RetentionMode.Compliance, new DateTimeOffset(2031, 6, 1, 12, 0, 0, TimeSpan.Zero)), read.Retention);
        Assert.Equal(LegalHoldStatus.On, read.LegalHold);
    }

    [Fact]
    public void Read_LegalHoldOff_IsNoLock()
    {
        var read = ObjectLockHeaders.Read(Headers((ObjectLockHeaders.LegalHold, "OFF")), Now);

        Assert.Equal((null, LegalHoldStatus.Off), (read.Retention, read.LegalHold));
    }

    [Theory]
    [InlineData("GOVERNANCE", null, null, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied")]
    [InlineData(null, "2031-01-01T00:00:00Z", null, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied")]
    [InlineData("governance", "2031-01-01T00:00:00Z", null, "Unknown wormMode directive.")]
    [InlineData("GOVERNANCE", "tomorrow", null, "The retain until date must be provided in ISO 8601 format")]
    [InlineData("GOVERNANCE", "2031-01-01", null, "The retain until date must be provided in ISO 8601 format")]
    [InlineData("GOVERNANCE", "2029-12-31T23:59:59Z", null, "The retain until date must be in the future!")]
    [InlineData(null, null, "on", "Legal Hold must be either of 'ON' or 'OFF'")]
    public void Read_BadLockHeaders_AreInvalidArgument(string? mode, string? until, string? hold, string message)
    {
        var headers = Headers();
        if (mode is not null)
        {
            headers[ObjectLockHeaders.Mode] = mode;
        }

        if (until is not null)
        {
            headers[ObjectLockHeaders.RetainUntilDate] = until;
        }

        if (hold is not null)
        {
            headers[ObjectLockHeaders.LegalHold] = hold;
        }

        var refused = Assert.Throws<S3Exception>(() => ObjectLockHeaders.Read(headers, Now));

        Assert.Equal((S3Error.InvalidArgument, message), (refused.Error, refused.Message));
    }
}
