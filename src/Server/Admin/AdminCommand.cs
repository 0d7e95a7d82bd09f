using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin`: users, access keys and user policies, through the server's IAM API over HTTP
/// (so it works against any node, and the server's rules and authorization apply), as the root user;
/// the key service's keys likewise, through its KMS API (see <see cref="KmsCommand"/>).
/// `scrub` and `migrate` are the exceptions: they work on the data directory itself (see <see cref="ScrubCommand"/> and
/// <see cref="Migration.MigrateCommand"/>).
/// </summary>
public static class AdminCommand
{
    public static Command Create()
    {
        // The connection options go on each command that calls the server (see Leaf), not on `admin`
        // itself as recursive options: scrub would then list --endpoint and --region, which it ignores.
        var options = new AdminOptions();
        return new Command("admin", "Manage users, access keys, policies and KMS keys of a running Coffer server, check its stored data (scrub), or move its metadata to PostgreSQL (migrate)")
        {
            UserCommand(options),
            KeyCommand(options),
            PolicyCommand(options),
            KmsCommand.Create(options),
            Leaf("info", "Show the account, the caller, and how many users, groups, roles, inline policies and customer managed policies there are", options, [], (parse, admin, ct) =>
                InfoAsync(parse.GetValue(options.Endpoint)!, admin, ct)),

            RewindCommand.Create(options, Leaf),
            LifecycleCommand.Create(options, Leaf),

            // The subcommands that work on the data directory itself instead of asking a server.
            ScrubCommand.Create(),
            Migration.MigrateCommand.Create(),
        };
    }

    private static Command UserCommand(AdminOptions options)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name" };
        var force = new Option<bool>("--force")
        {
            Description = "Also remove the user's access keys and inline policies, detach its managed policies and take it out of its groups",
        };
        var remove = Leaf(
            "rm",
            "Remove a user. One that still has access keys, policies or group memberships is removed only with --force, which removes those first",
            options,
            [name],
            (parse, admin, ct) => UserRemoval.RunAsync(admin, parse.GetValue(name)!, parse.GetValue(force), ct));
        remove.Add(force);

        return new Command("user", "Add, list and remove users")
        {
            Leaf("add", "Add a user", options, [name], async (parse, admin, ct) =>
            {
                var user = await admin.IamAsync("CreateUser", ct, ("UserName", parse.GetValue(name)!));
                WriteUsers(admin.Output, [user.Elements().First()]);
            }),
            Leaf("list", "List users", options, [], async (_, admin, ct) =>
                WriteUsers(admin.Output, await admin.ListAllAsync("ListUsers", "Users", ct))),
            remove,
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
        var users = await admin.ListAllAsync("ListUsers", "Users", cancellationToken);
        var groups = await admin.ListAllAsync("ListGroups", "Groups", cancellationToken);
        var roles = await admin.ListAllAsync("ListRoles", "Roles", cancellationToken);

        // IAM has no call that counts inline policies (AWS's GetAccountSummary counts only managed
        // ones, and Coffer does not serve it), so each principal's own are listed.
        var inline = 0;
        foreach (var (kind, principals) in new[] { ("User", users), ("Group", groups), ("Role", roles) })
        {
            foreach (var principal in principals)
            {
                var nameParameter = kind + "Name";
                inline += (await admin.ListAllAsync($"List{kind}Policies", "PolicyNames", cancellationToken, (nameParameter, Text(principal, nameParameter)))).Count;
            }
        }

        // Scope=Local: the policies created here, not the AWS managed ones every account has.
        var managed = await admin.ListAllAsync("ListPolicies", "Policies", cancellationToken, ("Scope", "Local"));

        TextTable.Write(admin.Output, ["ITEM", "VALUE"],
        [
            ["endpoint", endpoint],
            ["account", Text(identity, "Account")],
            ["caller", Text(identity, "Arn")],
            ["users", Count(users.Count)],
            ["groups", Count(groups.Count)],
            ["roles", Count(roles.Count)],
            ["inline policies (of users, groups, roles)", Count(inline)],
            ["customer managed policies", Count(managed.Count)],
        ]);
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    internal static Command Leaf(
        string name, string description, AdminOptions options, Argument[] arguments, Func<ParseResult, AdminSession, CancellationToken, Task> action)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Add(argument);
        }

        command.Add(options.Endpoint);
        command.Add(options.Data);
        command.Add(options.Region);

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
