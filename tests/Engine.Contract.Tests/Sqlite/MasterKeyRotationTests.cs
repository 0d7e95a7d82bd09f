using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Integrity;
using Coffer.Engine.Kms;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// <see cref="MasterKeyRotation"/> on the real stores: SSE-S3 data keys (inline, in a file, an open upload's part) and
/// KMS key material wrapped by the old master key are rewrapped under the new one, so the new key alone opens them;
/// a stopped run goes on where it stopped; a key the old master key does not open keeps the rotation from finishing.
/// </summary>
public sealed class MasterKeyRotationTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Dictionary<string, string> KmsContext = new() { ["purpose"] = "rotation test" };

    private readonly EngineOnDisk _disk = new();

    private readonly byte[] _newKey = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);

    private static BucketName Bucket => EngineOnDisk.Bucket;

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    [Fact]
    public async Task Rotate_ThenOpenWithTheNewKeyOnly_ReadsEverySealedObjectAndKmsCiphertext()
    {
        var written = await WriteUnderTheOldKeyAsync();
        using var rotating = new MasterKeyring(_newKey, _disk.MasterKey);

        var report = await new MasterKeyRotation(_disk.Metadata, rotating).RunAsync(100, null, null, null, None);

        using var newOnly = new MasterKeyring(_newKey);
        Assert.True(report.Complete);
        Assert.Equal((4L, 4L, 0L), (report.Examined, report.Rewrapped, report.Skipped));
        Assert.Equal(written.Small, await ReadAsync(newOnly, "small"));
        Assert.Equal(written.Large, await ReadAsync(newOnly, "large"));
        Assert.Equal(written.Plain, await ReadAsync(newOnly, "plain"));
        Assert.Equal(written.Secret, (await Keys(newOnly).DecryptAsync(written.Ciphertext, KmsContext, null, None)).Plaintext);
        var part = Assert.Single(await _disk.Metadata.ListPartsAsync(Bucket.Value, "open", written.UploadId, 0, 10, None));
        Assert.Equal(newOnly.CurrentKeyId, DataKeyWrapper.ReadKeyId(part.SealedKey));

        // The engine reports a key it cannot unwrap as damage, as it does any blob it cannot open.
        await Assert.ThrowsAsync<BlobCorruptException>(() => ReadAsync(_disk.MasterKeys, "large"));
    }

    [Fact]
    public async Task Rotate_StoppedAfterOneBatch_ThenAgain_RewrapsOnlyWhatWasLeftAndFinishes()
    {
        var written = await WriteUnderTheOldKeyAsync();
        using var rotating = new MasterKeyring(_newKey, _disk.MasterKey);
        var rotation = new MasterKeyRotation(_disk.Metadata, rotating);

        var stopped = await rotation.RunAsync(batchSize: 1, stopAfterBatches: 1, null, null, None);
        var resumed = await rotation.RunAsync(batchSize: 2, stopAfterBatches: null, null, null, None);

        using var newOnly = new MasterKeyring(_newKey);
        Assert.Equal((true, false, 1L), (stopped.Stopped, stopped.Complete, stopped.Rewrapped));
        Assert.Equal((true, 3L, 1L), (resumed.Complete, resumed.Rewrapped, resumed.AlreadyCurrent));
        Assert.Equal(written.Small, await ReadAsync(newOnly, "small"));
        Assert.Equal(written.Large, await ReadAsync(newOnly, "large"));
        Assert.Equal(written.Secret, (await Keys(newOnly).DecryptAsync(written.Ciphertext, KmsContext, null, None)).Plaintext);
    }

    [Fact]
    public async Task Rotate_KeyTheOldMasterKeyDoesNotOpen_IsReportedAndTheRotationIsNotComplete()
    {
        await WriteUnderTheOldKeyAsync();
        var store = _disk.Metadata;
        var first = (await store.ListWrappedKeysAsync(null, 1, None))[0];
        var altered = (byte[])first.Wrapped.Clone();
        altered[^1] ^= 1;
        Assert.Equal(1, await store.ReplaceWrappedKeysAsync([new WrappedKeyReplacement(first.Position, first.Wrapped, altered)], None));
        using var rotating = new MasterKeyring(_newKey, _disk.MasterKey);
        var findings = new List<WrappedKeyFinding>();

        var report = await new MasterKeyRotation(_disk.Metadata, rotating).RunAsync(100, null, null, findings.Add, None);

        Assert.False(report.Complete);
        Assert.Equal((1L, 3L), (report.Unopenable, report.Rewrapped));
        var finding = Assert.Single(findings);
        Assert.True(finding.BlocksRotation);
        Assert.Equal(first.Blob, finding.Key.Blob);
        Assert.Equal(altered, (await store.ListWrappedKeysAsync(null, 1, None))[0].Wrapped);
    }

    [Fact]
    public async Task Rotate_KeysOfAMasterKeyTheRingDoesNotHold_AreReportedLeftAsTheyAreAndDoNotHoldItUp()
    {
        await WriteUnderTheOldKeyAsync();
        var before = await _disk.Metadata.ListWrappedKeysAsync(null, 100, None);
        using var other = new MasterKeyring(_newKey);
        var findings = new List<WrappedKeyFinding>();

        var report = await new MasterKeyRotation(_disk.Metadata, other).RunAsync(100, null, null, findings.Add, None);

        Assert.True(report.Complete);
        Assert.Equal((4L, 0L, 4L), (report.Unreadable, report.Rewrapped, report.Skipped));
        Assert.All(findings, finding => Assert.False(finding.BlocksRotation));
        Assert.Equal(before.Select(key => key.Wrapped), (await _disk.Metadata.ListWrappedKeysAsync(null, 100, None)).Select(key => key.Wrapped));
    }

    /// <summary>Under the old key: a small (inline) and a large sealed object, a plaintext one, an open upload's sealed part, and a KMS key's material.</summary>
    private async Task<Written> WriteUnderTheOldKeyAsync()
    {
        var small = EngineOnDisk.Content(100, seed: 1);
        var large = EngineOnDisk.Content(300_000, seed: 2);
        var plain = EngineOnDisk.Content(1000, seed: 3);
        await _disk.PutSealedAsync("small", small);
        await _disk.PutSealedAsync("large", large);
        await _disk.PutAsync("plain", plain);

        var upload = await _disk.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = Bucket, Key = EngineOnDisk.Key("open"), Attributes = new ObjectAttributes { Encryption = ObjectEncryption.SseS3 } },
            None);
        var part = EngineOnDisk.Content(70_000, seed: 4);
        await _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, EngineOnDisk.Key("open"), upload.UploadId, 1), DeclaredLength = part.Length },
            new MemoryStream(part),
            None);

        var keys = Keys(_disk.MasterKeys);
        var key = await keys.CreateKeyAsync("rotation test", None);
        var secret = EngineOnDisk.Content(40, seed: 5);
        var (_, ciphertext) = await keys.EncryptAsync(key.Id, secret, KmsContext, None);
        return new Written(small, large, plain, upload.UploadId, secret, ciphertext);
    }

    /// <summary>The key's latest version read by an engine that has only <paramref name="masterKeys"/>, as a restarted server has.</summary>
    private async Task<byte[]> ReadAsync(MasterKeyring masterKeys, string key)
    {
        var objects = new ObjectEngine(
            _disk.Metadata, _disk.Blobs, new BlobReleaser(_disk.Metadata, _disk.Blobs), TimeProvider.System, new BlobSealing(masterKeys, Keys(masterKeys)));
        using var opened = await objects.OpenAsync(Bucket, EngineOnDisk.Key(key), None);
        var read = new MemoryStream();
        await opened.CopyRangeToAsync(read, 0, opened.Info.Size, None);
        return read.ToArray();
    }

    private KeyService Keys(MasterKeyring masterKeys) => new(_disk.Metadata, masterKeys, TimeProvider.System, new KmsArns("us-east-1", "123456789012"));

    private sealed record Written(byte[] Small, byte[] Large, byte[] Plain, string UploadId, byte[] Secret, byte[] Ciphertext);
}
