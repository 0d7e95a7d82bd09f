using System.Globalization;
using System.Xml.Linq;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin user rm`. IAM deletes only a user that nothing names any more and answers
/// DeleteConflict otherwise, which tells a person neither what is left nor how to proceed. So the
/// command looks first: a user with nothing attached is deleted; otherwise, without --force, it says
/// what is attached and changes nothing; with --force it takes those away through the same IAM calls
/// an operator would make, then deletes the user. A managed policy or a group is only let go of,
/// never deleted: others may use it.
/// </summary>
internal static class UserRemoval
{
    public static async Task RunAsync(AdminSession admin, string user, bool force, CancellationToken cancellationToken)
    {
        // 1. Everything IAM counts as depending on a user (see DeleteConflict): the same four lists the
        //    server checks, read before anything changes.
        var keys = Names(await admin.ListAllAsync("ListAccessKeys", "AccessKeyMetadata", cancellationToken, ("UserName", user)), "AccessKeyId");
        var inline = (await admin.ListAllAsync("ListUserPolicies", "PolicyNames", cancellationToken, ("UserName", user))).Select(p => p.Value).ToList();
        var managed = await admin.ListAllAsync("ListAttachedUserPolicies", "AttachedPolicies", cancellationToken, ("UserName", user));
        var groups = Names(await admin.ListAllAsync("ListGroupsForUser", "Groups", cancellationToken, ("UserName", user)), "GroupName");

        var attached = new[]
        {
            Count(keys, "access key", "access keys"),
            Count(inline, "inline policy", "inline policies"),
            Count(Names(managed, "PolicyName"), "attached managed policy", "attached managed policies"),
            Count(groups, "group membership", "group memberships"),
        }.OfType<string>().ToList();

        if (attached.Count > 0 && !force)
        {
            throw new AdminRefusalException(
                $"user {user} still has {Join(attached)}; nothing was removed. Pass --force to remove them and then the user.");
        }

        // 2. Take each away, in the order the list above names them. A change made by someone else in
        //    between surfaces as the server's own refusal (NoSuchEntity, or DeleteConflict at step 3).
        foreach (var key in keys)
        {
            await admin.IamAsync("DeleteAccessKey", cancellationToken, ("UserName", user), ("AccessKeyId", key));
            await admin.Output.WriteLineAsync($"Removed access key {key}.");
        }

        foreach (var policy in inline)
        {
            await admin.IamAsync("DeleteUserPolicy", cancellationToken, ("UserName", user), ("PolicyName", policy));
            await admin.Output.WriteLineAsync($"Removed inline policy {policy}.");
        }

        foreach (var policy in managed)
        {
            var arn = QueryApiClient.Child(policy, "PolicyArn") ?? "";
            await admin.IamAsync("DetachUserPolicy", cancellationToken, ("UserName", user), ("PolicyArn", arn));
            await admin.Output.WriteLineAsync($"Detached managed policy {arn}.");
        }

        foreach (var group in groups)
        {
            await admin.IamAsync("RemoveUserFromGroup", cancellationToken, ("GroupName", group), ("UserName", user));
            await admin.Output.WriteLineAsync($"Removed {user} from group {group}.");
        }

        // 3. The user, now that nothing names it.
        await admin.IamAsync("DeleteUser", cancellationToken, ("UserName", user));
        await admin.Output.WriteLineAsync($"Removed user {user}.");
    }

    private static List<string> Names(IEnumerable<XElement> members, string localName) =>
        [.. members.Select(m => QueryApiClient.Child(m, localName) ?? "")];

    /// <summary>"2 access keys (AKIA…, AKIA…)", or null when there are none.</summary>
    private static string? Count(List<string> names, string singular, string plural) => names.Count switch
    {
        0 => null,
        1 => $"1 {singular} ({names[0]})",
        var n => $"{n.ToString(CultureInfo.InvariantCulture)} {plural} ({string.Join(", ", names)})",
    };

    private static string Join(List<string> parts) =>
        parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
}
