using System.Security.Cryptography;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;

using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// SSE-C in the engine, on the real stores: an object written with a customer key is sealed under it and opens only
/// with it; the key itself is never stored anywhere (only a check of it); a wrong key, a missing one, or one given
/// for an object that has none, is refused; multipart parts are sealed under the upload's key.
/// </summary>
public sealed class CustomerKeyObjectTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineOnDisk _disk = new();

    private readonly byte[] _keyBytes = RandomNumberGenerator.GetBytes(CustomerKey.Size);

    private static BucketName Bucket => EngineOnDisk.Bucket;

    private CustomerKey Key => new(_keyBytes);

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public async Task PutSseC_OfAnySize_ReadsBackWithTheKeyAndLeavesNeitherPlaintextNorKeyOnDisk(int size)
    {
        var (content, marker) = MarkedContent.Make(size);

        var stored = await PutAsync("secret", content, Key);

        Assert.Equal(ServerSideEncryption.SseC, stored.Attributes.Encryption?.Kind);
        Assert.NotNull(Assert.Single(stored.Segments).SealedKey);
        Assert.Equal(content, await ReadAsync("secret", Key));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
        Assert.False(_disk.AnyFileContains(_keyBytes));
    }

    [Fact]
    public async Task Read_OfSseCObject_WithAnotherKey_IsWrongCustomerKey()
    {
        await PutAsync("secret", EngineOnDisk.Content(1000, seed: 1), Key);

        var refused = await Assert.ThrowsAsync<EngineException>(() => ReadAsync("secret", new CustomerKey(RandomNumberGenerator.GetBytes(32))));

        Assert.Equal(EngineError.WrongCustomerKey, refused.Code);
    }

    [Fact]
    public async Task Read_OfSseCObject_WithoutKey_IsInvalidRequest()
    {
        await PutAsync("secret", EngineOnDisk.Content(1000, seed: 1), Key);

        var refused = await Assert.ThrowsAsync<EngineException>(() => ReadAsync("secret", null));

        Assert.Equal(EngineError.InvalidRequest, refused.Code);
    }

    [Fact]
    public async Task Read_OfPlainObject_WithKey_IsInvalidRequest()
    {
        await _disk.PutAsync("plain", EngineOnDisk.Content(1000, seed: 1));

        var refused = await Assert.ThrowsAsync<EngineException>(() => ReadAsync("plain", Key));

        Assert.Equal(EngineError.InvalidRequest, refused.Code);
    }

    [Fact]
    public async Task Copy_OfSseCObject_IsRefusedWithoutTheKey()
    {
        await PutAsync("secret", EngineOnDisk.Content(1000, seed: 1), Key);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _disk.Objects.CopyAsync(
            new CopyObjectRequest { Bucket = Bucket, Key = EngineOnDisk.Key("copy"), SourceBucket = Bucket, SourceKey = EngineOnDisk.Key("secret") },
            None));

        Assert.Equal(EngineError.InvalidRequest, refused.Code);
    }

    [Fact]
    public async Task Multipart_SseC_SealsEveryPartUnderTheKeyAndRefusesPartsWithAnotherOrNone()
    {
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var last = EngineOnDisk.Content(70_000, seed: 3);
        var key = EngineOnDisk.Key("assembled");
        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = key, CustomerKey = Key }, None);
        PartTarget Part(int number) => new(Bucket, key, upload.UploadId, number);

        var one = await _disk.Multipart.UploadPartAsync(new UploadPartRequest { Target = Part(1), CustomerKey = Key }, new MemoryStream(first), None);
        var other = await Assert.ThrowsAsync<EngineException>(() => _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = Part(2), CustomerKey = new CustomerKey(RandomNumberGenerator.GetBytes(32)) }, new MemoryStream(last), None));
        var none = await Assert.ThrowsAsync<EngineException>(() => _disk.Multipart.UploadPartAsync(new UploadPartRequest { Target = Part(2) }, new MemoryStream(last), None));
        var two = await _disk.Multipart.UploadPartAsync(new UploadPartRequest { Target = Part(2), CustomerKey = Key }, new MemoryStream(last), None);
        var completed = await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = key, UploadId = upload.UploadId, Parts = [new CompletedPart(1, one.ETag), new CompletedPart(2, two.ETag)] },
            None);

        Assert.Equal((EngineError.WrongCustomerKey, EngineError.InvalidRequest), (other.Code, none.Code));
        Assert.Equal(ServerSideEncryption.SseC, completed.Attributes.Encryption?.Kind);
        Assert.Equal(upload.Attributes.Encryption?.CustomerKeyCheck, completed.Attributes.Encryption?.CustomerKeyCheck);
        Assert.All(completed.Segments, segment => Assert.NotNull(segment.SealedKey));
        byte[] whole = [.. first, .. last];
        Assert.Equal(whole, await ReadAsync("assembled", Key));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
        Assert.False(_disk.AnyFileContains(_keyBytes));
    }

    private Task<ObjectInfo> PutAsync(string key, byte[] content, CustomerKey customerKey) => _disk.Objects.PutAsync(
        new PutObjectRequest { Bucket = Bucket, Key = EngineOnDisk.Key(key), DeclaredLength = content.Length, CustomerKey = customerKey },
        new MemoryStream(content),
        None);

    private async Task<byte[]> ReadAsync(string key, CustomerKey? customerKey)
    {
        using var opened = await _disk.Objects.OpenAsync(Bucket, EngineOnDisk.Key(key), null, null, customerKey, None);
        using var buffer = new MemoryStream();
        await opened.CopyRangeToAsync(buffer, 0, opened.Info.Size, None);
        return buffer.ToArray();
    }
}
