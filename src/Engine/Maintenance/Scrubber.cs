using System.Buffers;

using Coffer.Engine.Checksums;
using Coffer.Engine.Integrity;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Maintenance;

/// <summary>
/// Reads every blob that a version or an open upload references, whole, and checks it against its
/// stored length and CRC64NVME: the offline counterpart of the verification every full read does,
/// for the data nobody reads (backups read only on the day they are needed). It only reads.
/// </summary>
public sealed class Scrubber(IBlobInventory inventory, IBlobStore blobs)
{
    private const int PageSize = 500;

    // Large reads keep a disk walk sequential; one buffer, since blobs are read one at a time.
    private const int BufferSize = 1024 * 1024;

    /// <param name="progress">Told the bytes done after every read; may be called often, so it should be cheap.</param>
    /// <param name="found">Told each damaged blob as soon as it is found.</param>
    public async Task<ScrubReport> RunAsync(Action<ScrubProgress>? progress, Action<ScrubFinding>? found, CancellationToken cancellationToken)
    {
        var totals = await inventory.MeasureAsync(cancellationToken);
        var tally = new Tally(totals.Bytes, progress);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            BlobReferencePosition? after = null;
            while (true)
            {
                var page = await inventory.ListAsync(after, PageSize, cancellationToken);
                if (page.Count == 0)
                {
                    return tally.Report();
                }

                foreach (var reference in page)
                {
                    tally.Begin(reference);
                    if (await CheckAsync(reference.Segment, buffer, tally, cancellationToken) is { } damage)
                    {
                        var finding = new ScrubFinding(reference, damage.Kind, damage.Expected, damage.Actual);
                        tally.Damaged(finding);
                        found?.Invoke(finding);
                    }
                }

                after = page[^1].Position;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Null when the blob is whole; else what is wrong with it.</summary>
    private async Task<Damage?> CheckAsync(BlobSegment segment, byte[] buffer, Tally tally, CancellationToken cancellationToken)
    {
        // A blob in a tier this scrub was not given (the admin command reads the data directory alone) is not its to judge.
        if (segment.Blob.Tier is { } tier && Tiers.BlobPlacement.TierOf(blobs, tier) is null)
        {
            tally.Skipped(segment.StoredLength);
            return null;
        }

        IBlobReader reader;
        try
        {
            reader = segment.InlineContent is { } content ? new Objects.InlineBlobReader(content) : await blobs.OpenReadAsync(segment.Blob, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            tally.Skipped(segment.StoredLength);

            // Beside a running server, an overwrite or delete may have released the blob since its page was read.
            return await inventory.IsReferencedAsync(segment.Blob, cancellationToken) ? new Damage(BlobDamage.Missing) : null;
        }

        using (reader)
        {
            ulong crc = 0;
            long done = 0;
            while (done < segment.StoredLength)
            {
                var want = (int)Math.Min(buffer.Length, segment.StoredLength - done);
                var read = await reader.ReadAsync(done, buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    tally.Skipped(segment.StoredLength - done);
                    return new Damage(BlobDamage.Truncated);
                }

                crc = Crc64Nvme.Update(crc, buffer.AsSpan(0, read));
                done += read;
                tally.Read(read);
            }

            if (segment.ContentCrc64Nvme is not { } expected)
            {
                tally.Unverifiable();
                return null;
            }

            return crc == expected ? null : new Damage(BlobDamage.ChecksumMismatch, expected, crc);
        }
    }

    private readonly record struct Damage(BlobDamage Kind, ulong? Expected = null, ulong? Actual = null);

    /// <summary>The running counts of one scrub, and its progress reports.</summary>
    private sealed class Tally(long totalBytes, Action<ScrubProgress>? progress)
    {
        private long _objects;
        private long _parts;
        private long _blobs;
        private long _bytesRead;
        private long _bytesDone;
        private long _corrupt;
        private long _missing;
        private long _unverifiable;
        private (long Row, bool InUpload)? _lastVersion;

        public void Begin(BlobReference reference)
        {
            _blobs++;
            if (reference.Position.InUpload)
            {
                _parts++;
            }
            else if (_lastVersion != (reference.Position.Row, false))
            {
                // Segments of one version come together, in order: a new row is a new object.
                _lastVersion = (reference.Position.Row, false);
                _objects++;
            }
        }

        public void Read(int bytes)
        {
            _bytesRead += bytes;
            Advance(bytes);
        }

        public void Skipped(long bytes) => Advance(bytes);

        public void Unverifiable() => _unverifiable++;

        public void Damaged(ScrubFinding finding)
        {
            if (finding.Damage == BlobDamage.Missing)
            {
                _missing++;
            }
            else
            {
                _corrupt++;
            }
        }

        public ScrubReport Report() => new(_objects, _parts, _blobs, _bytesRead, _corrupt, _missing, _unverifiable);

        private void Advance(long bytes)
        {
            _bytesDone += bytes;
            progress?.Invoke(new ScrubProgress(_bytesDone, Math.Max(totalBytes, _bytesDone), _blobs));
        }
    }
}

/// <summary>Where a scrub is: bytes read or passed over, of the total measured when it started.</summary>
public readonly record struct ScrubProgress(long BytesDone, long BytesTotal, long BlobsDone);

/// <summary>One damaged blob: which version or part references it, and what is wrong.</summary>
public sealed record ScrubFinding(BlobReference Reference, BlobDamage Damage, ulong? ExpectedCrc64Nvme = null, ulong? ActualCrc64Nvme = null)
{
    /// <summary>The damage in words, as the server's log says it.</summary>
    public string Problem => BlobCorruptException.DescribeDamage(Damage, ExpectedCrc64Nvme, ActualCrc64Nvme);
}

/// <summary>
/// What a scrub found. <see cref="Unverifiable"/> blobs were read whole and had their length,
/// but no stored checksum (written before the store kept one).
/// </summary>
public sealed record ScrubReport(
    long ObjectsChecked, long PartsChecked, long BlobsChecked, long BytesChecked, long Corrupt, long Missing, long Unverifiable)
{
    public bool IsClean => Corrupt == 0 && Missing == 0;
}
