using Coffer.S3.Members;
using Coffer.S3.Routing;

namespace Coffer.EndToEnd.Tests.Model;

/// <summary>
/// Every header and query member that AWS's model gives an operation Coffer implements is
/// classified in <see cref="RequestMembers"/> as honoured, refused or informational: a member a
/// newer SDK adds fails here until someone decides what Coffer does with it.
/// </summary>
public class ModelMembersTests
{
    [Fact]
    public async Task Members_OfEveryImplementedOperation_AreEachClassified()
    {
        var model = await S3Model.GetAsync();

        var missing = Implemented(model)
            .SelectMany(o => o.Operation.WireMembers
                .Where(member => Rule(o.Kind, member) is null)
                .Select(member => $"{o.Operation.Name}: {member.Location} {member.WireName} ({member.Name})"))
            .ToList();

        Assert.True(missing.Count == 0, $"not classified in RequestMembers ({model.Package} {model.Version}):\n{string.Join('\n', missing)}");
    }

    [Fact]
    public async Task Table_ClassifiesOnlyMembersTheModelHas()
    {
        var model = await S3Model.GetAsync();
        var implemented = Implemented(model).ToList();

        var stale = RequestMembers.Operations
            .SelectMany(kind => RequestMembers.For(kind)
                .Where(rule => !implemented.Any(o => o.Kind == kind && o.Operation.WireMembers.Any(member => Matches(rule, member))))
                .Select(rule => $"{kind}: {rule.Location} {rule.WireName}"))
            .ToList();

        Assert.True(stale.Count == 0, $"classified, but not a member of the operation in the model:\n{string.Join('\n', stale)}");
    }

    [Fact]
    public async Task Table_CoversEveryImplementedOperationOfTheModel()
    {
        var model = await S3Model.GetAsync();

        var kinds = Implemented(model).Select(o => o.Kind).ToHashSet();

        Assert.Superset(kinds, RequestMembers.Operations.ToHashSet());
        Assert.Subset(kinds, RequestMembers.Operations.ToHashSet());
    }

    [Fact]
    public void Rules_WithAReason_AreEachOnePerMemberAndOperation()
    {
        foreach (var kind in RequestMembers.Operations)
        {
            var rules = RequestMembers.For(kind);

            Assert.All(rules, rule => Assert.False(string.IsNullOrWhiteSpace(rule.Reason), $"{kind} {rule.WireName} has no reason"));
            Assert.Equal(rules.Count, rules.Select(r => (r.Location, r.WireName.ToLowerInvariant())).Distinct().Count());
        }
    }

    /// <summary>Each model operation that routes to an operation Coffer implements, with that operation.</summary>
    internal static IEnumerable<(ModelOperation Operation, S3OperationKind Kind)> Implemented(S3Model model)
    {
        var router = new S3Router(["localhost"]);
        foreach (var operation in model.Operations)
        {
            var routed = router.Route(operation.Request(withOperationId: true));
            if (routed.Kind != S3OperationKind.NotImplemented && routed.Kind.ToString() == operation.Name)
            {
                yield return (operation, routed.Kind);
            }
        }
    }

    private static MemberRule? Rule(S3OperationKind kind, ModelMember member) => RequestMembers.For(kind).FirstOrDefault(rule => Matches(rule, member));

    private static bool Matches(MemberRule rule, ModelMember member) => (rule.Location, member.Location) switch
    {
        (MemberLocation.Header, "header") => rule.WireName.Equals(member.WireName, StringComparison.OrdinalIgnoreCase),
        (MemberLocation.HeaderPrefix, "prefixHeaders") => rule.WireName.Equals(member.WireName, StringComparison.OrdinalIgnoreCase),
        (MemberLocation.Query, "query") => rule.WireName.Equals(member.WireName, StringComparison.Ordinal),
        _ => false,
    };
}
