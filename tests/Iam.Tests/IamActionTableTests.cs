using Coffer.Iam.Tests.Support;

namespace Coffer.Iam.Tests;

/// <summary>
/// Every action, request to answer, as root, each row against a fresh store holding the same
/// accounts (see <see cref="SeedAsync"/>). An expectation is an error code, or "Element=value"
/// checks joined by ";" (any element of that local name has the value; "*" is any non-empty
/// value; a leading "!" says no such element has it).
/// </summary>
public sealed class IamActionTableTests
{
    private const string ReadDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
    private const string TrustDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    private const string ReadAll = "arn:aws:iam::123456789012:policy/ReadAll";
    private const string Spare = "arn:aws:iam::123456789012:policy/teams/Spare";

    public static TheoryData<string, int, string> Rows => new()
    {
        // The protocol.
        { "Version=2010-05-08", 400, "MissingParameter" },
        { "Action=CreateBucket", 400, "InvalidAction" },

        // Users.
        { "Action=CreateUser&UserName=carol", 200, "UserName=carol; Path=/; Arn=arn:aws:iam::123456789012:user/carol; UserId=*; CreateDate=*" },
        { "Action=CreateUser&UserName=eve&Path=/ops/", 200, "Arn=arn:aws:iam::123456789012:user/ops/eve" },
        { "Action=CreateUser&UserName=ALICE", 409, "EntityAlreadyExists" },
        { "Action=CreateUser&UserName=has%20space", 400, "ValidationError" },
        { "Action=CreateUser&UserName=x&Path=nopath", 400, "ValidationError" },
        { "Action=CreateUser", 400, "MissingParameter" },
        { "Action=GetUser&UserName=alice", 200, "UserName=alice; Path=/staff/; Arn=arn:aws:iam::123456789012:user/staff/alice" },
        { "Action=GetUser&UserName=nobody", 404, "NoSuchEntity" },
        { "Action=GetUser", 400, "ValidationError" },
        { "Action=ListUsers", 200, "UserName=alice; UserName=bob; UserName=dave; IsTruncated=false; !Marker=*" },
        { "Action=ListUsers&PathPrefix=/staff/", 200, "UserName=alice; !UserName=bob" },
        { "Action=ListUsers&PathPrefix=staff", 400, "ValidationError" },
        { "Action=ListUsers&MaxItems=1", 200, "UserName=alice; !UserName=bob; IsTruncated=true; Marker=bob" },
        { "Action=ListUsers&MaxItems=1&Marker=bob", 200, "UserName=bob; !UserName=alice; IsTruncated=true; Marker=dave" },
        { "Action=ListUsers&MaxItems=0", 400, "ValidationError" },
        { "Action=ListUsers&MaxItems=many", 400, "ValidationError" },
        { "Action=DeleteUser&UserName=dave", 200, "RequestId=req-1" },
        { "Action=DeleteUser&UserName=alice", 409, "DeleteConflict" },
        { "Action=DeleteUser&UserName=bob", 409, "DeleteConflict" },
        { "Action=DeleteUser&UserName=nobody", 404, "NoSuchEntity" },

        // Access keys.
        { "Action=CreateAccessKey&UserName=dave", 200, "UserName=dave; AccessKeyId=*; SecretAccessKey=*; Status=Active; CreateDate=*" },
        { "Action=CreateAccessKey&UserName=bob", 409, "LimitExceeded" },
        { "Action=CreateAccessKey&UserName=nobody", 404, "NoSuchEntity" },
        { "Action=ListAccessKeys&UserName=bob", 200, "UserName=bob; AccessKeyId={bobKey}; Status=Active; !SecretAccessKey=*; IsTruncated=false" },
        { "Action=ListAccessKeys&UserName=nobody", 404, "NoSuchEntity" },
        { "Action=UpdateAccessKey&UserName=bob&AccessKeyId={bobKey}&Status=Inactive", 200, "RequestId=req-1" },
        { "Action=UpdateAccessKey&UserName=bob&AccessKeyId={bobKey}&Status=Paused", 400, "ValidationError" },
        { "Action=UpdateAccessKey&UserName=bob&AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Active", 404, "NoSuchEntity" },
        { "Action=UpdateAccessKey&UserName=alice&AccessKeyId={bobKey}&Status=Active", 404, "NoSuchEntity" },
        { "Action=UpdateAccessKey&UserName=bob&Status=Active", 400, "MissingParameter" },
        { "Action=DeleteAccessKey&UserName=bob&AccessKeyId={bobKey}", 200, "RequestId=req-1" },
        { "Action=DeleteAccessKey&UserName=bob&AccessKeyId=AKIAAAAAAAAAAAAAAAAA", 404, "NoSuchEntity" },

        // Inline policies, for each kind.
        { "Action=PutUserPolicy&UserName=alice&PolicyName=More&PolicyDocument={read}", 200, "RequestId=req-1" },
        { "Action=PutUserPolicy&UserName=alice&PolicyName=Bad&PolicyDocument=%7Bnot%20json", 400, "MalformedPolicyDocument" },
        { "Action=PutUserPolicy&UserName=alice&PolicyName=Bad&PolicyDocument={trust}", 400, "MalformedPolicyDocument" },
        { "Action=PutUserPolicy&UserName=alice&PolicyName=Big&PolicyDocument={big}", 409, "LimitExceeded" },
        { "Action=PutUserPolicy&UserName=nobody&PolicyName=More&PolicyDocument={read}", 404, "NoSuchEntity" },
        { "Action=PutUserPolicy&UserName=alice&PolicyName=More", 400, "MissingParameter" },
        { "Action=GetUserPolicy&UserName=alice&PolicyName=Own", 200, "UserName=alice; PolicyName=Own; PolicyDocument={readEncoded}" },
        { "Action=GetUserPolicy&UserName=alice&PolicyName=Missing", 404, "NoSuchEntity" },
        { "Action=DeleteUserPolicy&UserName=alice&PolicyName=Own", 200, "RequestId=req-1" },
        { "Action=DeleteUserPolicy&UserName=alice&PolicyName=Missing", 404, "NoSuchEntity" },
        { "Action=ListUserPolicies&UserName=alice", 200, "member=Own; IsTruncated=false" },
        { "Action=ListUserPolicies&UserName=nobody", 404, "NoSuchEntity" },
        { "Action=PutGroupPolicy&GroupName=devs&PolicyName=More&PolicyDocument={read}", 200, "RequestId=req-1" },
        { "Action=PutGroupPolicy&GroupName=nogroup&PolicyName=More&PolicyDocument={read}", 404, "NoSuchEntity" },
        { "Action=GetGroupPolicy&GroupName=devs&PolicyName=Shared", 200, "GroupName=devs; PolicyName=Shared; PolicyDocument={readEncoded}" },
        { "Action=DeleteGroupPolicy&GroupName=devs&PolicyName=Shared", 200, "RequestId=req-1" },
        { "Action=ListGroupPolicies&GroupName=devs", 200, "member=Shared" },
        { "Action=PutRolePolicy&RoleName=reader&PolicyName=More&PolicyDocument={read}", 200, "RequestId=req-1" },
        { "Action=GetRolePolicy&RoleName=reader&PolicyName=Reads", 200, "RoleName=reader; PolicyName=Reads; PolicyDocument={readEncoded}" },
        { "Action=GetRolePolicy&RoleName=noone&PolicyName=Reads", 404, "NoSuchEntity" },
        { "Action=DeleteRolePolicy&RoleName=reader&PolicyName=Reads", 200, "RequestId=req-1" },
        { "Action=ListRolePolicies&RoleName=reader", 200, "member=Reads" },

        // Managed policies.
        { "Action=CreatePolicy&PolicyName=Writes&Path=/teams/&PolicyDocument={read}&Description=For%20writers", 200, "PolicyName=Writes; Arn=arn:aws:iam::123456789012:policy/teams/Writes; DefaultVersionId=v1; Description=For writers; PolicyId=*" },
        { "Action=CreatePolicy&PolicyName=ReadAll&PolicyDocument={read}", 409, "EntityAlreadyExists" },
        { "Action=CreatePolicy&PolicyName=Bad&PolicyDocument={trust}", 400, "MalformedPolicyDocument" },
        { "Action=GetPolicy&PolicyArn={readAll}", 200, "PolicyName=ReadAll; Arn={readAll}; IsAttachable=true" },
        { "Action=GetPolicy&PolicyArn=arn:aws:iam::123456789012:policy/Nope", 404, "NoSuchEntity" },
        { "Action=GetPolicy&PolicyArn=arn:aws:s3:::bucket-not-a-policy", 400, "InvalidInput" },
        { "Action=GetPolicyVersion&PolicyArn={readAll}&VersionId=v1", 200, "Document={readEncoded}; VersionId=v1; IsDefaultVersion=true" },
        { "Action=GetPolicyVersion&PolicyArn={readAll}&VersionId=v2", 404, "NoSuchEntity" },
        { "Action=ListPolicies", 200, "PolicyName=ReadAll; PolicyName=Spare; IsTruncated=false" },
        { "Action=ListPolicies&PathPrefix=/teams/", 200, "PolicyName=Spare; !PolicyName=ReadAll" },
        { "Action=ListPolicies&Scope=AWS", 200, "PolicyName=AmazonS3FullAccess; Arn=arn:aws:iam::aws:policy/AmazonS3FullAccess; !PolicyName=ReadAll" },
        { "Action=ListPolicies&Scope=Local", 200, "PolicyName=ReadAll; !PolicyName=AmazonS3FullAccess" },
        { "Action=ListPolicies&Scope=1", 400, "ValidationError" },
        { "Action=GetPolicy&PolicyArn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", 200, "PolicyName=AmazonS3ReadOnlyAccess; DefaultVersionId=v1" },
        { "Action=DeletePolicy&PolicyArn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", 400, "InvalidInput" },
        { "Action=ListPolicies&Scope=Mine", 400, "ValidationError" },
        { "Action=DeletePolicy&PolicyArn={spare}", 200, "RequestId=req-1" },
        { "Action=DeletePolicy&PolicyArn={readAll}", 409, "DeleteConflict" },
        { "Action=DeletePolicy&PolicyArn=arn:aws:iam::123456789012:policy/Nope", 404, "NoSuchEntity" },

        // Attachments, for each kind.
        { "Action=AttachUserPolicy&UserName=bob&PolicyArn={readAll}", 200, "RequestId=req-1" },
        { "Action=AttachUserPolicy&UserName=bob&PolicyArn=arn:aws:iam::aws:policy/AmazonS3FullAccess", 200, "RequestId=req-1" },
        { "Action=AttachUserPolicy&UserName=bob&PolicyArn=arn:aws:iam::aws:policy/AmazonEC2FullAccess", 404, "NoSuchEntity" },
        { "Action=AttachUserPolicy&UserName=nobody&PolicyArn={readAll}", 404, "NoSuchEntity" },
        { "Action=AttachUserPolicy&UserName=bob&PolicyArn=ReadAll-is-not-an-arn-at-all", 400, "InvalidInput" },
        { "Action=DetachUserPolicy&UserName=alice&PolicyArn={readAll}", 200, "RequestId=req-1" },
        { "Action=DetachUserPolicy&UserName=bob&PolicyArn={readAll}", 404, "NoSuchEntity" },
        { "Action=ListAttachedUserPolicies&UserName=alice", 200, "PolicyName=ReadAll; PolicyArn={readAll}; IsTruncated=false" },
        { "Action=ListAttachedUserPolicies&UserName=alice&PathPrefix=/teams/", 200, "!PolicyName=ReadAll" },
        { "Action=AttachGroupPolicy&GroupName=devs&PolicyArn={spare}", 200, "RequestId=req-1" },
        { "Action=DetachGroupPolicy&GroupName=devs&PolicyArn={readAll}", 200, "RequestId=req-1" },
        { "Action=ListAttachedGroupPolicies&GroupName=devs", 200, "PolicyArn={readAll}" },
        { "Action=AttachRolePolicy&RoleName=reader&PolicyArn={spare}", 200, "RequestId=req-1" },
        { "Action=DetachRolePolicy&RoleName=reader&PolicyArn={spare}", 404, "NoSuchEntity" },
        { "Action=ListAttachedRolePolicies&RoleName=reader", 200, "PolicyArn={readAll}" },

        // Groups.
        { "Action=CreateGroup&GroupName=ops&Path=/x/", 200, "GroupName=ops; Arn=arn:aws:iam::123456789012:group/x/ops; GroupId=*" },
        { "Action=CreateGroup&GroupName=DEVS", 409, "EntityAlreadyExists" },
        { "Action=GetGroup&GroupName=devs", 200, "GroupName=devs; UserName=alice; !UserName=bob; IsTruncated=false" },
        { "Action=GetGroup&GroupName=nogroup", 404, "NoSuchEntity" },
        { "Action=ListGroups", 200, "GroupName=devs; GroupName=empty" },
        { "Action=DeleteGroup&GroupName=empty", 200, "RequestId=req-1" },
        { "Action=DeleteGroup&GroupName=devs", 409, "DeleteConflict" },
        { "Action=AddUserToGroup&GroupName=devs&UserName=bob", 200, "RequestId=req-1" },
        { "Action=AddUserToGroup&GroupName=devs&UserName=alice", 200, "RequestId=req-1" },
        { "Action=AddUserToGroup&GroupName=devs&UserName=nobody", 404, "NoSuchEntity" },
        { "Action=AddUserToGroup&GroupName=nogroup&UserName=bob", 404, "NoSuchEntity" },
        { "Action=RemoveUserFromGroup&GroupName=devs&UserName=alice", 200, "RequestId=req-1" },
        { "Action=RemoveUserFromGroup&GroupName=devs&UserName=bob", 404, "NoSuchEntity" },
        { "Action=ListGroupsForUser&UserName=alice", 200, "GroupName=devs; !GroupName=empty" },
        { "Action=ListGroupsForUser&UserName=nobody", 404, "NoSuchEntity" },

        // Roles.
        { "Action=CreateRole&RoleName=writer&AssumeRolePolicyDocument={trust}", 200, "RoleName=writer; Arn=arn:aws:iam::123456789012:role/writer; MaxSessionDuration=3600; AssumeRolePolicyDocument={trustEncoded}; RoleId=*" },
        { "Action=CreateRole&RoleName=writer&AssumeRolePolicyDocument={trust}&MaxSessionDuration=43200", 200, "MaxSessionDuration=43200" },
        { "Action=CreateRole&RoleName=writer&AssumeRolePolicyDocument={trust}&MaxSessionDuration=3599", 400, "ValidationError" },
        { "Action=CreateRole&RoleName=writer&AssumeRolePolicyDocument={trust}&MaxSessionDuration=43201", 400, "ValidationError" },
        { "Action=CreateRole&RoleName=writer&AssumeRolePolicyDocument={read}", 400, "MalformedPolicyDocument" },
        { "Action=CreateRole&RoleName=writer", 400, "MissingParameter" },
        { "Action=CreateRole&RoleName=reader&AssumeRolePolicyDocument={trust}", 409, "EntityAlreadyExists" },
        { "Action=GetRole&RoleName=reader", 200, "RoleName=reader; AssumeRolePolicyDocument={trustEncoded}" },
        { "Action=GetRole&RoleName=noone", 404, "NoSuchEntity" },
        { "Action=ListRoles", 200, "RoleName=bare; RoleName=reader; IsTruncated=false" },
        { "Action=DeleteRole&RoleName=bare", 200, "RequestId=req-1" },
        { "Action=DeleteRole&RoleName=reader", 409, "DeleteConflict" },
        { "Action=DeleteRole&RoleName=noone", 404, "NoSuchEntity" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task HandleAsync_AsRoot_Answers(string query, int status, string expected)
    {
        await using var iam = await IamHarness.OpenAsync();
        var bobKey = await SeedAsync(iam);
        string Fill(string text) => text
            .Replace("{bobKey}", bobKey, StringComparison.Ordinal)
            .Replace("{readAll}", ReadAll, StringComparison.Ordinal)
            .Replace("{spare}", Spare, StringComparison.Ordinal)
            .Replace("{readEncoded}", IamHarness.Encode(ReadDocument), StringComparison.Ordinal)
            .Replace("{trustEncoded}", IamHarness.Encode(TrustDocument), StringComparison.Ordinal);

        var answer = await iam.CallAsync(Fill(query)
            .Replace("{read}", IamHarness.Encode(ReadDocument), StringComparison.Ordinal)
            .Replace("{trust}", IamHarness.Encode(TrustDocument), StringComparison.Ordinal)
            .Replace("{big}", IamHarness.Encode(BigDocument()), StringComparison.Ordinal));

        Assert.True(status == answer.Status, $"Expected {status}, got {answer.Status}: {answer.Document}");
        if (status != 200)
        {
            Assert.Equal(expected, answer.ErrorCode);
            Assert.Equal("req-1", answer.Value("RequestId"));
            return;
        }

        foreach (var check in Fill(expected).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var negated = check.StartsWith('!');
            var (element, value) = (check.TrimStart('!').Split('=', 2)[0], check.Split('=', 2)[1]);
            var found = answer.Values(element).Any(v => value == "*" ? v.Length > 0 : v == value);
            Assert.True(found != negated, $"{check} does not hold in {answer.Document}");
        }
    }

    /// <summary>
    /// Users alice (/staff/, in devs, with inline "Own" and ReadAll attached), bob (two keys) and
    /// dave (nothing); groups devs (inline "Shared", ReadAll attached) and empty; roles reader
    /// (inline "Reads", ReadAll attached) and bare; policies ReadAll and /teams/Spare (unattached).
    /// </summary>
    private static async Task<string> SeedAsync(IamHarness iam)
    {
        var read = IamHarness.Encode(ReadDocument);
        var trust = IamHarness.Encode(TrustDocument);
        string[] setup =
        [
            "Action=CreateUser&UserName=alice&Path=/staff/",
            "Action=CreateUser&UserName=bob",
            "Action=CreateUser&UserName=dave",
            "Action=CreateGroup&GroupName=devs",
            "Action=CreateGroup&GroupName=empty",
            "Action=AddUserToGroup&GroupName=devs&UserName=alice",
            $"Action=CreateRole&RoleName=reader&AssumeRolePolicyDocument={trust}",
            $"Action=CreateRole&RoleName=bare&AssumeRolePolicyDocument={trust}",
            $"Action=CreatePolicy&PolicyName=ReadAll&PolicyDocument={read}",
            $"Action=CreatePolicy&PolicyName=Spare&Path=/teams/&PolicyDocument={read}",
            $"Action=AttachUserPolicy&UserName=alice&PolicyArn={ReadAll}",
            $"Action=AttachGroupPolicy&GroupName=devs&PolicyArn={ReadAll}",
            $"Action=AttachRolePolicy&RoleName=reader&PolicyArn={ReadAll}",
            $"Action=PutUserPolicy&UserName=alice&PolicyName=Own&PolicyDocument={read}",
            $"Action=PutGroupPolicy&GroupName=devs&PolicyName=Shared&PolicyDocument={read}",
            $"Action=PutRolePolicy&RoleName=reader&PolicyName=Reads&PolicyDocument={read}",
        ];

        foreach (var query in setup)
        {
            await iam.MustAsync(query);
        }

        var first = await iam.MustAsync("Action=CreateAccessKey&UserName=bob");
        await iam.MustAsync("Action=CreateAccessKey&UserName=bob");
        return first.Value("AccessKeyId")!;
    }

    // A valid identity policy longer than a user's 2,048-character quota.
    private static string BigDocument() =>
        """{"Version":"2012-10-17","Statement":[""" + string.Join(",", Enumerable.Range(0, 40).Select(i =>
            $$"""{"Sid":"S{{i}}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-{{i}}/*"}""")) + "]}";
}
