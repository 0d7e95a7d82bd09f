using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin kms`: the key service's keys and aliases, through the server's KMS API (signed for <c>kms</c> as the
/// root user), so that KMS's own rules decide, as for any client: a waiting period outside 7–30 days, a change to the
/// AWS managed key or a taken alias is refused by the server, and its error type printed. Wherever a command takes
/// KEY, a key id, key ARN, alias name or alias ARN will do: it is looked up once with DescribeKey, and the calls that
/// KMS lets take a key id only (EnableKey, CreateAlias, …) are given the id.
/// </summary>
internal static class KmsCommand
{
    private const string None = "-";

    public static Command Create(AdminOptions options)
    {
        var key = new Argument<string>("KEY") { Description = "The key: its id, ARN, alias (alias/NAME) or alias ARN" };
        return new Command("kms", "List and manage the key service's keys (KMS) and their aliases")
        {
            Leaf("list", "List every key: state, manager, aliases, rotation, deletion date and description", options, [], (_, admin, ct) => ListAsync(admin, ct)),
            CreateCommand(options),
            Leaf("describe", "Show one key", options, [key], (parse, admin, ct) => DescribeAsync(admin, parse.GetValue(key)!, ct)),
            Leaf("enable", "Enable a key, so that it encrypts and decrypts again", options, [key], (parse, admin, ct) =>
                ChangeStateAsync(admin, "EnableKey", parse.GetValue(key)!, "enabled", ct)),
            Leaf("disable", "Disable a key: until it is enabled, it neither encrypts nor decrypts", options, [key], (parse, admin, ct) =>
                ChangeStateAsync(admin, "DisableKey", parse.GetValue(key)!, "disabled", ct)),
            ScheduleDeletionCommand(options, key),
            Leaf("cancel-deletion", "Stop a key's pending deletion; the key is left disabled, as KMS leaves it", options, [key], async (parse, admin, ct) =>
            {
                var id = await KeyIdAsync(admin, parse.GetValue(key)!, ct);
                await admin.KmsAsync("CancelKeyDeletion", new JsonObject { ["KeyId"] = id }, ct);
                await admin.Output.WriteLineAsync($"Key {id} is no longer pending deletion. It is disabled: `coffer admin kms enable {id}` enables it.");
            }),
            RotationCommand(options, key),
            AliasCommand(options, key),

            // Not a key service call: it works on the stopped server's data directory.
            RotateMasterCommand.Create(),
        };
    }

    private static Command CreateCommand(AdminOptions options)
    {
        var description = new Option<string>("--description") { Description = "What the key is for" };
        var alias = new Option<string>("--alias") { Description = "An alias for the new key, alias/NAME" };
        var create = Leaf("create", "Create a symmetric key for encryption; prints its id and ARN", options, [], (parse, admin, ct) =>
            CreateAsync(admin, parse.GetValue(description), parse.GetValue(alias), ct));
        create.Add(description);
        create.Add(alias);
        return create;
    }

    private static Command ScheduleDeletionCommand(AdminOptions options, Argument<string> key)
    {
        var days = new Option<int?>("--days") { Description = "The waiting period before the key is deleted, 7 to 30 days (default 30)" };
        var schedule = Leaf(
            "schedule-deletion",
            "Delete a key after a waiting period; until then it is unusable, and cancel-deletion keeps it. Whatever it encrypted is lost with it",
            options,
            [key],
            async (parse, admin, ct) =>
            {
                var id = await KeyIdAsync(admin, parse.GetValue(key)!, ct);
                var request = new JsonObject { ["KeyId"] = id };
                if (parse.GetValue(days) is { } window)
                {
                    request["PendingWindowInDays"] = window;
                }

                var scheduled = await admin.KmsAsync("ScheduleKeyDeletion", request, ct);
                await admin.Output.WriteLineAsync(
                    $"Key {id} will be deleted at {KmsKeyView.Format(KmsKeyView.Date(scheduled, "DeletionDate"))}. `coffer admin kms cancel-deletion {id}` keeps it.");
            });
        schedule.Add(days);
        return schedule;
    }

    private static Command RotationCommand(AdminOptions options, Argument<string> key)
    {
        var state = new Argument<string>("on|off") { Description = "on: make new key material every period (older ciphertexts stay readable); off: stop" };
        state.AcceptOnlyFromAmong("on", "off");
        var period = new Option<int?>("--period-days") { Description = "With on: days between rotations, 90 to 2560 (default 365)" };
        var rotation = Leaf("rotation", "Turn a key's automatic rotation on or off", options, [key, state], async (parse, admin, ct) =>
        {
            var on = parse.GetValue(state) == "on";
            if (!on && parse.GetValue(period) is not null)
            {
                throw new AdminRefusalException("--period-days goes with on; nothing was changed.");
            }

            var id = await KeyIdAsync(admin, parse.GetValue(key)!, ct);
            if (!on)
            {
                await admin.KmsAsync("DisableKeyRotation", new JsonObject { ["KeyId"] = id }, ct);
                await admin.Output.WriteLineAsync($"Rotation of key {id} is off.");
                return;
            }

            var request = new JsonObject { ["KeyId"] = id };
            if (parse.GetValue(period) is { } days)
            {
                request["RotationPeriodInDays"] = days;
            }

            await admin.KmsAsync("EnableKeyRotation", request, ct);
            var status = await admin.KmsAsync("GetKeyRotationStatus", new JsonObject { ["KeyId"] = id }, ct);
            await admin.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Rotation of key {id} is on: every {status["RotationPeriodInDays"]} days, next at {KmsKeyView.Format(KmsKeyView.Date(status, "NextRotationDate"))}."));
        });
        rotation.Add(period);
        return rotation;
    }

    private static Command AliasCommand(AdminOptions options, Argument<string> key)
    {
        var name = new Argument<string>("NAME") { Description = "The alias, alias/NAME" };
        return new Command("alias", "Add, move and remove aliases: names of the form alias/NAME that stand for a key")
        {
            Leaf("add", "Make an alias for a key", options, [name, key], async (parse, admin, ct) =>
            {
                var id = await KeyIdAsync(admin, parse.GetValue(key)!, ct);
                await admin.KmsAsync("CreateAlias", new JsonObject { ["AliasName"] = parse.GetValue(name), ["TargetKeyId"] = id }, ct);
                await admin.Output.WriteLineAsync($"Alias {parse.GetValue(name)} names key {id}.");
            }),
            Leaf("move", "Point an existing alias at another key", options, [name, key], async (parse, admin, ct) =>
            {
                var id = await KeyIdAsync(admin, parse.GetValue(key)!, ct);
                await admin.KmsAsync("UpdateAlias", new JsonObject { ["AliasName"] = parse.GetValue(name), ["TargetKeyId"] = id }, ct);
                await admin.Output.WriteLineAsync($"Alias {parse.GetValue(name)} now names key {id}.");
            }),
            Leaf("rm", "Remove an alias; the key stays", options, [name], async (parse, admin, ct) =>
            {
                await admin.KmsAsync("DeleteAlias", new JsonObject { ["AliasName"] = parse.GetValue(name) }, ct);
                await admin.Output.WriteLineAsync($"Removed alias {parse.GetValue(name)}.");
            }),
        };
    }

    private static async Task ListAsync(AdminSession admin, CancellationToken cancellationToken)
    {
        var keys = await admin.ListAllKmsAsync("ListKeys", "Keys", cancellationToken);
        var aliases = await KmsKeyView.AliasesByKeyAsync(admin, cancellationToken);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var listed in keys)
        {
            var view = await KmsKeyView.ReadAsync(admin, KmsApiClient.Text(listed, "KeyId") ?? "", aliases, cancellationToken);
            rows.Add(
            [
                view.Id,
                view.State,
                view.Manager,
                view.Aliases.Count == 0 ? None : string.Join(',', view.Aliases),
                view.Rotation?.ToString() ?? None,
                view.DeletionDate is null ? None : KmsKeyView.Format(view.DeletionDate),
                view.Description,
            ]);
        }

        TextTable.Write(admin.Output, ["KEY ID", "STATE", "MANAGER", "ALIASES", "ROTATION", "DELETION", "DESCRIPTION"], rows);
    }

    private static async Task DescribeAsync(AdminSession admin, string key, CancellationToken cancellationToken)
    {
        var view = await KmsKeyView.ReadAsync(admin, key, await KmsKeyView.AliasesByKeyAsync(admin, cancellationToken), cancellationToken);
        var rotation = view.Rotation switch
        {
            null => $"{None} (pending deletion)",
            { Enabled: true } on => string.Create(CultureInfo.InvariantCulture, $"on, every {on.PeriodDays} days, next {KmsKeyView.Format(on.Next)}"),
            _ => "off",
        };
        List<IReadOnlyList<string>> rows =
        [
            ["key id", view.Id],
            ["arn", view.Arn],
            ["state", view.State],
            ["manager", view.Manager],
            ["description", view.Description],
            ["created", KmsKeyView.Format(view.Created)],
            ["aliases", view.Aliases.Count == 0 ? None : string.Join(", ", view.Aliases)],
            ["rotation", rotation],
        ];
        if (view.DeletionDate is not null)
        {
            rows.Add(["deletion", string.Create(CultureInfo.InvariantCulture, $"{KmsKeyView.Format(view.DeletionDate)} (a {view.PendingWindowDays}-day waiting period)")]);
        }

        TextTable.Write(admin.Output, ["ITEM", "VALUE"], rows);
    }

    /// <summary>
    /// Makes the key, then its alias. A taken alias is found before the key is made; any other refusal of the alias
    /// (a name KMS does not allow) comes after, and the error says that the key was made without it.
    /// </summary>
    private static async Task CreateAsync(AdminSession admin, string? description, string? alias, CancellationToken cancellationToken)
    {
        if (alias is not null
            && (await admin.ListAllKmsAsync("ListAliases", "Aliases", cancellationToken)).FirstOrDefault(a => KmsApiClient.Text(a, "AliasName") == alias) is { } taken)
        {
            throw new AdminRefusalException($"alias {alias} already names key {KmsApiClient.Text(taken, "TargetKeyId")}; no key was created.");
        }

        var request = new JsonObject();
        if (description is not null)
        {
            request["Description"] = description;
        }

        var metadata = (await admin.KmsAsync("CreateKey", request, cancellationToken))["KeyMetadata"] as JsonObject ?? [];
        var id = KmsApiClient.Text(metadata, "KeyId") ?? "";
        TextTable.Write(admin.Output, ["KEY ID", "ARN"], [[id, KmsApiClient.Text(metadata, "Arn") ?? ""]]);
        if (alias is null)
        {
            return;
        }

        try
        {
            await admin.KmsAsync("CreateAlias", new JsonObject { ["AliasName"] = alias, ["TargetKeyId"] = id }, cancellationToken);
        }
        catch (ApiErrorException refused)
        {
            throw new ApiErrorException(refused.Code, $"{refused.Detail} (key {id} was created, without the alias)");
        }

        await admin.Output.WriteLineAsync($"Alias {alias} names key {id}.");
    }

    private static async Task ChangeStateAsync(AdminSession admin, string operation, string key, string state, CancellationToken cancellationToken)
    {
        var id = await KeyIdAsync(admin, key, cancellationToken);
        await admin.KmsAsync(operation, new JsonObject { ["KeyId"] = id }, cancellationToken);
        await admin.Output.WriteLineAsync($"Key {id} is {state}.");
    }

    /// <summary>The id of the key KEY names, by DescribeKey: the calls that change a key take no alias.</summary>
    private static async Task<string> KeyIdAsync(AdminSession admin, string key, CancellationToken cancellationToken)
    {
        var described = await admin.KmsAsync("DescribeKey", new JsonObject { ["KeyId"] = key }, cancellationToken);
        return (described["KeyMetadata"] as JsonObject is { } metadata ? KmsApiClient.Text(metadata, "KeyId") : null) ?? key;
    }

    private static Command Leaf(
        string name, string description, AdminOptions options, Argument[] arguments, Func<ParseResult, AdminSession, CancellationToken, Task> action) =>
        AdminCommand.Leaf(name, description, options, arguments, action);
}
