using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Model;
using Coffer.S3.Authorization;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Authorization;

/// <summary>The tags a request sets, as policies see them: s3:RequestObjectTag/&lt;key&gt; and the multivalued s3:RequestObjectTagKeys.</summary>
public class RequestConditionsTests
{
    private static readonly RequestPrincipal Alice = RequestPrincipal.User("111122223333", "alice", "AIDAALICE");

    [Theory]
    [InlineData(S3OperationKind.PutObject)]
    [InlineData(S3OperationKind.CreateMultipartUpload)]
    public void Of_AWriteWithTaggingHeader_OffersEachTagAndTheirKeys(S3OperationKind kind)
    {
        var context = Conditions(kind, ("x-amz-tagging", "team=a&stage=prod%20eu"));

        Assert.Equal(["a"], context.GetValues("s3:RequestObjectTag/team"));
        Assert.Equal(["prod eu"], context.GetValues("s3:RequestObjectTag/stage"));
        Assert.Equal(["stage", "team"], context.GetValues(ConditionKeys.S3RequestObjectTagKeys)!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_CopyObject_OffersTheHeadersTagsOnlyWhenItReplacesTheSources()
    {
        var copied = Conditions(S3OperationKind.CopyObject, ("x-amz-tagging", "team=a"));
        var replaced = Conditions(S3OperationKind.CopyObject, ("x-amz-tagging", "team=a"), ("x-amz-tagging-directive", "REPLACE"));

        Assert.Null(copied.GetValues("s3:RequestObjectTag/team"));
        Assert.Equal(["a"], replaced.GetValues("s3:RequestObjectTag/team"));
    }

    [Theory]
    [InlineData("team=a&team=b")]
    [InlineData("aws:owner=me")]
    [InlineData("team=%zz")]
    public void Of_TaggingHeaderS3Refuses_OffersNoTags(string header)
    {
        var context = Conditions(S3OperationKind.PutObject, ("x-amz-tagging", header));

        Assert.Null(context.GetValues(ConditionKeys.S3RequestObjectTagKeys));
        Assert.Null(context.GetValues("s3:RequestObjectTag/team"));
    }

    [Fact]
    public void Of_RequestTagsGiven_OffersThemAndNotTheHeader()
    {
        var body = TagSet.Create([new Tag("team", "b"), new Tag("cost", "7")], TagSetOwner.ObjectVersion);

        var context = Conditions(S3OperationKind.PutObjectTagging, body, ("x-amz-tagging", "team=a"));

        Assert.Equal(["b"], context.GetValues("s3:RequestObjectTag/team"));
        Assert.Equal(["7"], context.GetValues("s3:RequestObjectTag/cost"));
    }

    [Fact]
    public void Of_AnEmptyTagSet_OffersNoKeysSoForAllValuesHoldsAndForAnyValueDoesNot()
    {
        var context = Conditions(S3OperationKind.PutObjectTagging, TagSet.Empty);

        Assert.Null(context.GetValues(ConditionKeys.S3RequestObjectTagKeys));
        Assert.True(Allows(context, """{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}}"""));
        Assert.False(Allows(context, """{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}}"""));
    }

    [Theory]
    [InlineData("""{"StringEquals": {"s3:RequestObjectTag/team": "a"}}""", "team=a&cost=7", true)]
    [InlineData("""{"StringEquals": {"s3:RequestObjectTag/team": "a"}}""", "team=b", false)]
    [InlineData("""{"StringEquals": {"s3:RequestObjectTag/team": "a"}}""", "cost=7", false)]
    [InlineData("""{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team", "cost"]}}""", "team=a&cost=7", true)]
    [InlineData("""{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team", "cost"]}}""", "team=a&owner=me", false)]
    [InlineData("""{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}}""", "owner=me&team=a", true)]
    [InlineData("""{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}}""", "owner=me", false)]
    public void Of_PutObjectTaggingBodyTags_AreJudgedByTheirConditions(string condition, string tags, bool allowed)
    {
        var body = TaggingHeader.Parse(tags);

        Assert.Equal(allowed, Allows(Conditions(S3OperationKind.PutObjectTagging, body), condition));
    }

    private static bool Allows(RequestContext context, string condition)
    {
        var policy = PolicyParser.ParseIdentityPolicy(
            $$$"""{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:PutObjectTagging", "Resource": "*", "Condition": {{{condition}}}}}""");
        var request = new AccessRequest("s3:PutObjectTagging", "arn:aws:s3:::media/k", Alice, context);
        return PolicyEvaluator.Evaluate(request, new ApplicablePolicies { IdentityPolicies = [policy] }) == Decision.Allow;
    }

    private static RequestContext Conditions(S3OperationKind kind, params (string Name, string Value)[] headers) => Conditions(kind, null, headers);

    private static RequestContext Conditions(S3OperationKind kind, TagSet? requestTags, params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            http.Request.Headers[name] = value;
        }

        return RequestConditions.Of(http, S3Operation.Of(kind, "media", "k"), Alice, TimeProvider.System, requestTags: requestTags);
    }
}
