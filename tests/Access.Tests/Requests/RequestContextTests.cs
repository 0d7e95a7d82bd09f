using System.Net;

using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Requests;

public class RequestContextTests
{
    [Fact]
    public void WithPrincipal_User_SetsPrincipalKeys()
    {
        var context = RequestContext.CreateBuilder().WithPrincipal(SamplePrincipals.Alice).Build();

        Assert.Equal("alice", context.GetSingleValue(ConditionKeys.UserName));
        Assert.Equal("AIDAALICE000000000001", context.GetSingleValue(ConditionKeys.UserId));
        Assert.Equal("User", context.GetSingleValue(ConditionKeys.PrincipalType));
        Assert.Equal("arn:aws:iam::111122223333:user/alice", context.GetSingleValue(ConditionKeys.PrincipalArn));
        Assert.Equal("111122223333", context.GetSingleValue(ConditionKeys.PrincipalAccount));
    }

    [Fact]
    public void WithPrincipal_Anonymous_HasOnlyPrincipalType()
    {
        var context = RequestContext.CreateBuilder()
            .WithPrincipal(SamplePrincipals.Alice)
            .WithPrincipal(RequestPrincipal.Anonymous)
            .Build();

        Assert.Null(context.GetValues(ConditionKeys.UserName));
        Assert.Null(context.GetValues(ConditionKeys.PrincipalArn));
        Assert.Null(context.GetValues(ConditionKeys.PrincipalAccount));
        Assert.Null(context.GetValues(ConditionKeys.UserId));
        Assert.Equal("Anonymous", context.GetSingleValue(ConditionKeys.PrincipalType));
    }

    [Fact]
    public void WithPrincipal_AssumedRole_UserIdIsRoleIdAndSession()
    {
        var role = RequestPrincipal.AssumedRole("111122223333", "uploader", "AROAUPLOADER0000001", "job-7");
        var context = RequestContext.CreateBuilder().WithPrincipal(role).Build();

        Assert.Equal("AROAUPLOADER0000001:job-7", context.GetSingleValue(ConditionKeys.UserId));
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/uploader/job-7", context.GetSingleValue(ConditionKeys.PrincipalArn));
        Assert.Null(context.GetValues(ConditionKeys.UserName));
    }

    [Fact]
    public void WithSourceIp_MappedIPv4_IsStoredAsIPv4()
    {
        var context = RequestContext.CreateBuilder().WithSourceIp(IPAddress.Parse("::ffff:192.0.2.7")).Build();

        Assert.Equal("192.0.2.7", context.GetSingleValue(ConditionKeys.SourceIp));
    }

    [Fact]
    public void WithCurrentTime_SetsIsoAndEpoch()
    {
        var context = RequestContext.CreateBuilder().WithCurrentTime(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2))).Build();

        Assert.Equal("2026-03-01T12:00:00Z", context.GetSingleValue(ConditionKeys.CurrentTime));
        Assert.Equal("1772366400", context.GetSingleValue(ConditionKeys.EpochTime));
    }

    [Fact]
    public void GetValues_KeyInAnyCase_FindsIt()
    {
        var context = RequestContext.CreateBuilder().Set("s3:Prefix", "a").Add("S3:PREFIX", "b").Build();

        Assert.Equal(["a", "b"], context.GetValues("s3:prefix"));
        Assert.Null(context.GetSingleValue("s3:prefix"));
    }

    [Fact]
    public void GetValues_EmptyList_IsAbsent()
    {
        var context = RequestContext.CreateBuilder().Set("s3:prefix", []).Build();

        Assert.Null(context.GetValues("s3:prefix"));
        Assert.Empty(context.Keys);
    }

    [Fact]
    public void ToBuilder_CopiesThenDiverges()
    {
        var original = RequestContext.CreateBuilder().Set("s3:prefix", "a").Build();
        var changed = original.ToBuilder().Set("s3:delimiter", "/").Build();

        Assert.Null(original.GetValues("s3:delimiter"));
        Assert.Equal("a", changed.GetSingleValue("s3:prefix"));
    }
}
