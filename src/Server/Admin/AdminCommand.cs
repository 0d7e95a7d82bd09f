using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin`: users, access keys and user policies, through the server's IAM API over HTTP
/// (so it works against any node, and the server's rules and authorization apply), as the root user.
/// `scrub` is the exception: a disk walk of the data directory (see <see cref="ScrubCommand"/>).
/// </summary>
public static class AdminCommand
{
    public static Command Create()
    {
        var options = new AdminOptions();
        return new Command("admin", "Manage users, access keys and policies of a running Coffer server")
        {
            options.Endpoint,
            options.Data,
            options.Region,
            UserCommand(options),
            KeyCommand(options),
            PolicyCommand(options),
            Leaf("info", "Show the account, the caller and how many users, groups, roles and policies there are", options, [], (parse, admin, ct) =>
                InfoAsync(parse.GetValue(options.Endpoint)!, admin, ct)),

            // The one subcommand that reads the data directory itself instead of asking a server.
            ScrubCommand.Create(options.Data),
        };
    }

    private static Command UserCommand(AdminOptions options)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name" };
        return new Command("user", "Add, list and remove users")
        {
            Leaf("add", "Add a user", options, [name], async (parse, admin, ct) =>
            {
                var user = await admin.IamAsync("CreateUser", ct, ("UserName", parse.GetValue(name)!));
                WriteUsers(admin.Output, [user.Elements().First()]);
            }),
            Leaf("list", "List users", options, [], async (_, admin, ct) =>
                WriteUsers(admin.Output, await admin.ListAllAsync("ListUsers", "Users", ct))),
            Leaf("rm", "Remove a user (its keys and policies first)", options, [name], async (parse, admin, ct) =>
            {
                await admin.IamAsync("DeleteUser", ct, ("UserName", parse.GetValue(name)!));
                await admin.Output.WriteLineAsync($"Removed user {parse.GetValue(name)}.");
            }),
        };
    }

    private static Command KeyCommand(AdminOptions options)
    {
        var user = new Argument<string>("USER") { Description = "The user the key belongs to" };
        var keyId = new Argument<string>("KEYID") { Description = "The access key id" };
        Command SetStatus(string verb, string status) =>
            Leaf(verb, $"Make a key {status.ToLowerInvariant()}", options, [user, keyId], async (parse, admin, ct) =>
            {
                await admin.IamAsync("UpdateAccessKey", ct, ("UserName", parse.GetValue(user)!), ("AccessKeyId", parse.GetValue(keyId)!), ("Status", status));
                await admin.Output.WriteLineAsync($"Access key {parse.GetValue(keyId)} is {status.ToLowerInvariant()}.");
            });

        return new Command("key", "Create, list, disable, enable and remove a user's access keys")
        {
            Leaf("create", "Create an access key; its secret is shown this once", options, [user], async (parse, admin, ct) =>
            {
                var key = await admin.IamAsync("CreateAccessKey", ct, ("UserName", parse.GetValue(user)!));
                TextTable.Write(admin.Output, ["ACCESS KEY ID", "SECRET ACCESS KEY"], [[Text(key, "AccessKeyId"), Text(key, "SecretAccessKey")]]);
                await admin.Output.WriteLineAsync("The secret is shown only now: store it safely.");
            }),
            Leaf("list", "List a user's access keys", options, [user], async (parse, admin, ct) =>
            {
                var keys = await admin.ListAllAsync("ListAccessKeys", "AccessKeyMetadata", ct, ("UserName", parse.GetValue(user)!));
                TextTable.Write(admin.Output, ["ACCESS KEY ID", "STATUS", "CREATED"], keys.Select(k => (IReadOnlyList<string>)[Text(k, "AccessKeyId"), Text(k, "Status"), Text(k, "CreateDate")]));
            }),
            SetStatus("disable", "Inactive"),
            SetStatus("enable", "Active"),
            Leaf("rm", "Remove an access key", options, [user, keyId], async (parse, admin, ct) =>
            {
                await admin.IamAsync("DeleteAccessKey", ct, ("UserName", parse.GetValue(user)!), ("AccessKeyId", parse.GetValue(keyId)!));
                await admin.Output.WriteLineAsync($"Removed access key {parse.GetValue(keyId)}.");
            }),
        };
    }

    private static Command PolicyCommand(AdminOptions options)
    {
        var user = new Argument<string>("USER") { Description = "The user" };
        var file = new Argument<FileInfo>("FILE") { Description = "A policy document (JSON); the policy is named after the file, without .json" };
        var policyName = new Argument<string>("NAME") { Description = "The policy's name" };
        return new Command("policy", "Attach, detach and list a user's policies")
        {
            Leaf("attach", "Attach a policy document to a user, as an inline policy named after the file", options, [user, file], async (parse, admin, ct) =>
            {
                var document = parse.GetValue(file)!;
                var name = Path.GetFileNameWithoutExtension(document.Name);
                await admin.IamAsync("PutUserPolicy", ct, ("UserName", parse.GetValue(user)!), ("PolicyName", name), ("PolicyDocument", await File.ReadAllTextAsync(document.FullName, ct)));
                await admin.Output.WriteLineAsync($"Attached policy {name} to {parse.GetValue(user)}.");
            }),
            Leaf("detach", "Remove a user's inline policy", options, [user, policyName], async (parse, admin, ct) =>
            {
                await admin.IamAsync("DeleteUserPolicy", ct, ("UserName", parse.GetValue(user)!), ("PolicyName", parse.GetValue(policyName)!));
                await admin.Output.WriteLineAsync($"Detached policy {parse.GetValue(policyName)} from {parse.GetValue(user)}.");
            }),
            Leaf("list", "List a user's policies: inline, and managed ones attached to it", options, [user], async (parse, admin, ct) =>
            {
                var inline = await admin.ListAllAsync("ListUserPolicies", "PolicyNames", ct, ("UserName", parse.GetValue(user)!));
                var attached = await admin.ListAllAsync("ListAttachedUserPolicies", "AttachedPolicies", ct, ("UserName", parse.GetValue(user)!));
                TextTable.Write(
                    admin.Output,
                    ["POLICY", "KIND", "ARN"],
                    inline.Select(p => (IReadOnlyList<string>)[p.Value, "inline", ""])
                        .Concat(attached.Select(p => (IReadOnlyList<string>)[Text(p, "PolicyName"), "managed", Text(p, "PolicyArn")])));
            }),
        };
    }

    private static async Task InfoAsync(string endpoint, AdminSession admin, CancellationToken cancellationToken)
    {
        var identity = await admin.StsAsync("GetCallerIdentity", cancellationToken);
        var rows = new List<IReadOnlyList<string>> { (["endpoint", endpoint]), (["account", Text(identity, "Account")]), (["caller", Text(identity, "Arn")]) };
        foreach (var (label, action, list, scope) in new[]
        {
            ("users", "ListUsers", "Users", (string?)null),
            ("groups", "ListGroups", "Groups", null),
            ("roles", "ListRoles", "Roles", null),
            ("policies", "ListPolicies", "Policies", "Local"),
        })
        {
            var members = await admin.ListAllAsync(action, list, cancellationToken, scope is null ? [] : [("Scope", scope)]);
            rows.Add([label, members.Count.ToString(CultureInfo.InvariantCulture)]);
        }

        TextTable.Write(admin.Output, ["ITEM", "VALUE"], rows);
    }

    private static Command Leaf(
        string name, string description, AdminOptions options, Argument[] arguments, Func<ParseResult, AdminSession, CancellationToken, Task> action)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Add(argument);
        }

        command.SetAction((parse, cancellationToken) => AdminSession.RunAsync(parse, options, (admin, ct) => action(parse, admin, ct), cancellationToken));
        return command;
    }

    private static void WriteUsers(TextWriter output, IEnumerable<XElement> users) =>
        TextTable.Write(
            output,
            ["USER", "PATH", "ID", "CREATED"],
            users.Select(u => (IReadOnlyList<string>)[Text(u, "UserName"), Text(u, "Path"), Text(u, "UserId"), Text(u, "CreateDate")]));

    private static string Text(XElement element, string localName) => QueryApiClient.Child(element, localName) ?? "";
}
