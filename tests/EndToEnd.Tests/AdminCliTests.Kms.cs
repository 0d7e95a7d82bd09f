using System.Text.RegularExpressions;

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>`coffer admin kms` against the real server: it signs for kms with the root key, and KMS's own rules and errors apply.</summary>
public partial class AdminCliTests
{
    [Fact]
    public async Task AdminKms_CreateWithAlias_ListShowsTheKeyAndAlias()
    {
        var alias = UniqueAlias();

        var created = await RunAsync("kms", "create", "--description", "nightly backups", "--alias", alias);
        var id = KeyIdOf(created.Output);
        var list = await RunAsync("kms", "list");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Matches($@"^KEY ID\s+ARN\n{id}\s+arn:aws:kms:{CofferServer.Region}:\d{{12}}:key/{id}\nAlias {alias} names key {id}\.\n$", created.Output);
        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith("KEY ID  ", list.Output, StringComparison.Ordinal);
        Assert.Matches($@"\n{id}\s+Enabled\s+CUSTOMER\s+{alias}\s+off\s+-\s+nightly backups\n", list.Output);
    }

    [Fact]
    public async Task AdminKms_DisableByAlias_DescribeShowsDisabledAndSdkEncryptIsRefused()
    {
        var alias = UniqueAlias();
        var id = KeyIdOf((await RunAsync("kms", "create", "--alias", alias)).Output);
        using var kms = server.CreateKmsClient();

        var disabled = await RunAsync("kms", "disable", alias);
        var described = await RunAsync("kms", "describe", id);
        var refused = await Assert.ThrowsAsync<DisabledException>(() => kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([1, 2, 3]) }));
        var enabled = await RunAsync("kms", "enable", id);
        var sealedAgain = await kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([1, 2, 3]) });

        Assert.Equal((0, $"Key {id} is disabled.\n"), (disabled.ExitCode, disabled.Output));
        Assert.Matches(@"\nstate\s+Disabled\n", described.Output);
        Assert.Matches($@"\naliases\s+{alias}\n", described.Output);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal((0, $"Key {id} is enabled.\n"), (enabled.ExitCode, enabled.Output));
        Assert.Equal(sealedAgain.KeyId, $"arn:aws:kms:{CofferServer.Region}:{server.AccountId}:key/{id}");
    }

    [Fact]
    public async Task AdminKms_ScheduleDeletionForThreeDays_ExitsOneWithValidationExceptionAndChangesNothing()
    {
        var id = KeyIdOf((await RunAsync("kms", "create")).Output);

        var refused = await RunAsync("kms", "schedule-deletion", id, "--days", "3");
        var described = await RunAsync("kms", "describe", id);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            "coffer admin: ValidationException: 1 validation error detected: Value at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30\n",
            refused.Error);
        Assert.Equal("", refused.Output);
        Assert.Matches(@"\nstate\s+Enabled\n", described.Output);
        Assert.DoesNotContain("\ndeletion", described.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKms_ScheduleThenCancelDeletion_ListShowsTheDateThenDisabled()
    {
        var id = KeyIdOf((await RunAsync("kms", "create")).Output);

        var scheduled = await RunAsync("kms", "schedule-deletion", id, "--days", "7");
        var pending = await RunAsync("kms", "list");
        var described = await RunAsync("kms", "describe", id);
        var cancelled = await RunAsync("kms", "cancel-deletion", id);
        var after = await RunAsync("kms", "list");

        var date = Regex.Match(scheduled.Output, @"will be deleted at (\S+Z)\.").Groups[1].Value;
        Assert.True(scheduled.ExitCode == 0, scheduled.Error);
        Assert.InRange(DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));
        Assert.Matches($@"\n{id}\s+PendingDeletion\s+CUSTOMER\s+-\s+-\s+{Regex.Escape(date)}\n", pending.Output);
        Assert.Matches($@"\ndeletion\s+{Regex.Escape(date)} \(a 7-day waiting period\)\n", described.Output);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Matches($@"\n{id}\s+Disabled\s+CUSTOMER\s+-\s+off\s+-\n", after.Output);
    }

    [Fact]
    public async Task AdminKms_RotationOnThenOff_ShowsInDescribeAndList()
    {
        var id = KeyIdOf((await RunAsync("kms", "create")).Output);

        var on = await RunAsync("kms", "rotation", id, "on", "--period-days", "180");
        var describedOn = await RunAsync("kms", "describe", id);
        var listedOn = await RunAsync("kms", "list");
        var off = await RunAsync("kms", "rotation", id, "off");
        var describedOff = await RunAsync("kms", "describe", id);
        var listedOff = await RunAsync("kms", "list");

        Assert.True(on.ExitCode == 0, on.Error);
        Assert.Matches($@"^Rotation of key {id} is on: every 180 days, next at \S+Z\.\n$", on.Output);
        var next = Regex.Match(describedOn.Output, @"\nrotation\s+on, every 180 days, next (\S+Z)\n").Groups[1].Value;
        Assert.InRange(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddDays(179.9), DateTimeOffset.UtcNow.AddDays(180.1));
        Assert.Matches($@"\n{id}\s+Enabled\s+CUSTOMER\s+-\s+on, next {Regex.Escape(next)}\s+-\n", listedOn.Output);
        Assert.Equal((0, $"Rotation of key {id} is off.\n"), (off.ExitCode, off.Output));
        Assert.Matches(@"\nrotation\s+off\n", describedOff.Output);
        Assert.Matches($@"\n{id}\s+Enabled\s+CUSTOMER\s+-\s+off\s+-\n", listedOff.Output);
    }

    [Fact]
    public async Task AdminKms_RotationOffWithPeriod_IsRefusedBeforeAnyCall()
    {
        var refused = await RunAsync("kms", "rotation", "alias/not-looked-up", "off", "--period-days", "90");

        Assert.Equal((1, "coffer admin: --period-days goes with on; nothing was changed.\n"), (refused.ExitCode, refused.Error));
    }

    [Fact]
    public async Task AdminKms_AliasAddMoveRemove_EachShowsInDescribe()
    {
        var first = KeyIdOf((await RunAsync("kms", "create")).Output);
        var second = KeyIdOf((await RunAsync("kms", "create")).Output);
        var alias = UniqueAlias();

        var added = await RunAsync("kms", "alias", "add", alias, first);
        var taken = await RunAsync("kms", "alias", "add", alias, second);
        var moved = await RunAsync("kms", "alias", "move", alias, second);
        var secondDescribed = await RunAsync("kms", "describe", alias);
        var removed = await RunAsync("kms", "alias", "rm", alias);
        var gone = await RunAsync("kms", "describe", alias);

        Assert.Equal((0, $"Alias {alias} names key {first}.\n"), (added.ExitCode, added.Output));
        Assert.Equal(1, taken.ExitCode);
        Assert.StartsWith("coffer admin: AlreadyExistsException: ", taken.Error, StringComparison.Ordinal);
        Assert.Equal((0, $"Alias {alias} now names key {second}.\n"), (moved.ExitCode, moved.Output));
        Assert.Matches($@"^ITEM\s+VALUE\nkey id\s+{second}\n", secondDescribed.Output);
        Assert.Equal((0, $"Removed alias {alias}.\n"), (removed.ExitCode, removed.Output));
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("coffer admin: NotFoundException: ", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKms_CreateWithATakenAlias_IsRefusedAndMakesNoKey()
    {
        var alias = UniqueAlias();
        var owner = KeyIdOf((await RunAsync("kms", "create", "--alias", alias)).Output);
        using var kms = server.CreateKmsClient();
        var before = await AllKeyIdsAsync(kms);

        var refused = await RunAsync("kms", "create", "--alias", alias);

        Assert.Equal((1, $"coffer admin: alias {alias} already names key {owner}; no key was created.\n"), (refused.ExitCode, refused.Error));
        Assert.Equal(before, await AllKeyIdsAsync(kms));
    }

    [Fact]
    public async Task AdminKms_TheAwsManagedKey_IsListedAndItsChangeRefusedWithKmsAccessDenied()
    {
        // An SSE-KMS upload that names no key makes the aws/s3 key on first use, as S3 does.
        using var s3 = server.CreateClient();
        var bucket = await s3.CreateUniqueBucketAsync("admin-kms");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });

        var list = await RunAsync("kms", "list");
        var refused = await RunAsync("kms", "disable", "alias/aws/s3");
        var described = await RunAsync("kms", "describe", "alias/aws/s3");

        Assert.Matches(@"\n\S+\s+Enabled\s+AWS\s+alias/aws/s3\s+on, next \S+Z\s+-\s+Default key", list.Output);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("coffer admin: AccessDeniedException: ", refused.Error, StringComparison.Ordinal);
        Assert.Matches(@"\nstate\s+Enabled\n", described.Output);
    }

    [Fact]
    public async Task AdminKms_ListOfMoreThanAPage_ShowsEveryKeyAndAlias()
    {
        // ListKeys and ListAliases answer 100 at a time unless asked otherwise; the listing must follow NextMarker.
        using var kms = server.CreateKmsClient();
        var prefix = UniqueAlias() + "-";
        var made = new Dictionary<string, string>();
        for (var i = 0; i < 101; i++)
        {
            var id = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;
            made[id] = prefix + i;
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = made[id], TargetKeyId = id });
        }

        var list = await RunAsync("kms", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.All(made, pair => Assert.Matches($@"\n{pair.Key}\s+Enabled\s+CUSTOMER\s+{pair.Value}\s", list.Output));
    }

    private static string UniqueAlias() => "alias/adm-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The key id `kms create` prints on its table's first row.</summary>
    private static string KeyIdOf(string createOutput) => createOutput.Split('\n')[1].Split(' ')[0];

    private static async Task<HashSet<string>> AllKeyIdsAsync(AmazonKeyManagementServiceClient kms)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await kms.ListKeysAsync(new ListKeysRequest { Limit = 1000, Marker = marker });
            ids.UnionWith(page.Keys.Select(k => k.KeyId));
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);

        return ids;
    }
}
