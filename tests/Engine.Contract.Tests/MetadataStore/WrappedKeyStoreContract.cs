using System.Security.Cryptography;

using Coffer.Engine.Kms;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// The store's side of a master key rotation (<see cref="IWrappedKeyStore"/>): every wrapped key it holds — sealed
/// segments, sealed parts of open uploads, KMS key material — listed once in pages, and replaced only where the row
/// still holds the bytes that were read.
/// </summary>
public abstract class WrappedKeyStoreContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private IWrappedKeyStore Keys => (IWrappedKeyStore)Store;

    [Fact]
    public async Task ListWrappedKeys_InPagesOfTwo_ListsEverySealedSegmentPartAndKeyMaterialOnceAndNoPlaintextBlob()
    {
        var expected = await PopulateAsync();

        var listed = new List<StoredWrappedKey>();
        WrappedKeyPosition? after = null;
        while (await Keys.ListWrappedKeysAsync(after, 2, None) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            listed.AddRange(page);
            after = page[^1].Position;
        }

        Assert.Equal(expected.Count, await Keys.CountWrappedKeysAsync(None));
        Assert.Equal(Sorted(expected.Select(Hex)), Sorted(listed.Select(key => Hex(key.Wrapped))));
        Assert.Equal(
            [WrappedKeyHolder.VersionSegment, WrappedKeyHolder.VersionSegment, WrappedKeyHolder.VersionSegment, WrappedKeyHolder.UploadPart, WrappedKeyHolder.KmsKeyMaterial, WrappedKeyHolder.KmsKeyMaterial],
            listed.Select(key => key.Position.Holder));
        Assert.All(listed.Take(4), key => Assert.NotNull(key.Blob));
        Assert.Equal([1, 2], listed.Skip(4).Select(key => key.KmsKeyVersion));
    }

    [Fact]
    public async Task ListWrappedKeys_OfASegmentCopiedFromAnotherBlob_BindsItsKeyToTheBlobItWasSealedAs()
    {
        var bucket = await CreateBucketAsync();
        var original = Sealed([9, 9, 9]);
        var copied = original.CopiedTo(BlobId.NewIn("GLACIER"));
        await PutAsync(bucket, "moved", copied);

        var listed = await Keys.ListWrappedKeysAsync(null, 100, None);

        Assert.Equal(original.Blob, Assert.Single(listed, key => key.Wrapped.SequenceEqual(new byte[] { 9, 9, 9 })).Blob);
    }

    [Fact]
    public async Task ReplaceWrappedKeys_StillAsRead_ReplacesEveryKindAndSurvivesAReopen()
    {
        await PopulateAsync();
        var listed = await Keys.ListWrappedKeysAsync(null, 100, None);

        var replaced = await Keys.ReplaceWrappedKeysAsync([.. listed.Select(key => new WrappedKeyReplacement(key.Position, key.Wrapped, Rewrapped(key.Wrapped)))], None);
        await ReopenAsync();

        Assert.Equal(listed.Count, replaced);
        Assert.Equal(
            Sorted(listed.Select(key => Hex(Rewrapped(key.Wrapped)))),
            Sorted((await Keys.ListWrappedKeysAsync(null, 100, None)).Select(key => Hex(key.Wrapped))));
        var material = await ((IKmsStore)Store).GetKmsKeyMaterialAsync("7f1c2a4e-0000-4000-8000-000000000001", None);
        Assert.Equal(Rewrapped(listed[^1].Wrapped), material[^1].Wrapped);
    }

    [Fact]
    public async Task ReplaceWrappedKeys_OneRowChangedSinceItWasRead_LeavesThatRowAndReplacesTheOthers()
    {
        await PopulateAsync();
        var listed = await Keys.ListWrappedKeysAsync(null, 100, None);
        var stale = listed[1];
        var replacements = listed.Select(key => new WrappedKeyReplacement(
            key.Position, key == stale ? Rewrapped(key.Wrapped) : key.Wrapped, Rewrapped(key.Wrapped))).ToList();

        var replaced = await Keys.ReplaceWrappedKeysAsync(replacements, None);
        var after = await Keys.ListWrappedKeysAsync(null, 100, None);

        Assert.Equal(listed.Count - 1, replaced);
        Assert.Equal(stale.Wrapped, after[1].Wrapped);
        Assert.Equal(Rewrapped(listed[0].Wrapped), after[0].Wrapped);
    }

    [Fact]
    public async Task ListWrappedKeys_EmptyStore_IsEmptyAndCountsNone()
    {
        Assert.Empty(await Keys.ListWrappedKeysAsync(null, 10, None));
        Assert.Equal(0, await Keys.CountWrappedKeysAsync(None));
    }

    /// <summary>
    /// Three sealed segments (one version of two, one inline-sized), a plaintext version, an open upload with a sealed
    /// and a plaintext part, and a KMS key with two versions of material; returns the wrapped keys stored.
    /// </summary>
    private async Task<List<byte[]>> PopulateAsync()
    {
        var bucket = await CreateBucketAsync();
        List<byte[]> wrapped = [Random(60), Random(60), Random(60), Random(60), Random(80), Random(80)];
        await PutAsync(bucket, "two-segments", Sealed(wrapped[0]), Sealed(wrapped[1]));
        await PutAsync(bucket, "plain", Segment());
        await PutAsync(bucket, "small", Sealed(wrapped[2]) with { InlineContent = Random(90) });

        var upload = new UploadInfo { Bucket = bucket, Key = "open", UploadId = UploadIds.New(Now()), Initiated = Now() };
        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        foreach (var (number, sealedKey) in new[] { (1, wrapped[3]), (2, null) })
        {
            var part = new PartInfo { PartNumber = number, Size = 10, ETag = "\"e\"", LastModified = Now(), Blob = BlobId.New(), SealedKey = sealedKey };
            Assert.Equal(CommitStatus.Committed, (await Store.PutPartAsync(bucket, "open", upload.UploadId, part, None)).Status);
        }

        var kms = (IKmsStore)Store;
        var key = new KmsKey("7f1c2a4e-0000-4000-8000-000000000001", "", KmsKeyState.Enabled, KmsKeyManager.Customer, Now(), null, null, null, Now());
        await kms.CreateKmsKeyAsync(key, new KmsKeyMaterial(key.Id, 1, wrapped[4], Now()), None);
        Assert.True(await kms.RotateKmsKeyAsync(key, new KmsKeyMaterial(key.Id, 2, wrapped[5], Now()), None));
        return wrapped;
    }

    private static BlobSegment Sealed(byte[] sealedKey) => Segment(90) with { SealedKey = sealedKey };

    private static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    // Stands for a rewrap: other bytes, derived from the old, so that a test can tell which row holds which.
    private static byte[] Rewrapped(byte[] wrapped) => SHA256.HashData(wrapped);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];
}
