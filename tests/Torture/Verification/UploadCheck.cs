using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// Open multipart uploads after a crash. An acknowledged CreateMultipartUpload survives with every
/// acknowledged part (and no part that was never sent); an acknowledged completion or abort stays
/// done; a completion that landed leaves no upload behind. Then every upload found is aborted, which
/// also exercises AbortMultipartUpload on what a crash left.
/// </summary>
public static class UploadCheck
{
    public static async Task RunAsync(IAmazonS3 s3, string bucket, IReadOnlyList<IModelledKey> keys, UploadRegistry registry, TortureReport report)
    {
        var listed = await ListAsync(s3, bucket);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upload in listed)
        {
            seen.Add(upload.UploadId);
            var model = registry.Find(upload.UploadId);
            if (model is null)
            {
                var key = keys.FirstOrDefault(k => k.Key == upload.Key);
                if (key is null || !registry.MayHaveUnknownUpload(key))
                {
                    report.Add(ViolationKind.Exposed, $"upload {upload.UploadId} of '{upload.Key}' was never created by the harness");
                }
                else
                {
                    report.InFlightOutcome(landed: true);
                }
            }
            else
            {
                await CheckListedAsync(s3, model, report);
            }

            await s3.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
        }

        foreach (var model in registry.All.Where(m => !seen.Contains(m.UploadId)))
        {
            CheckGone(model, report);
        }

        registry.Clear();
    }

    private static async Task CheckListedAsync(IAmazonS3 s3, UploadModel model, TortureReport report)
    {
        if (model.Fate == UploadFate.Closed)
        {
            report.Add(ViolationKind.Lost, $"upload {model.UploadId} of {model.Key} was acknowledged completed or aborted, and is open again");
            return;
        }

        if (model.Fate == UploadFate.CompleteInFlight && model.CompletionLanded)
        {
            report.Add(ViolationKind.Exposed, $"upload {model.UploadId} of {model.Key} is still open although its object is visible");
            return;
        }

        if (model.Fate == UploadFate.AbortInFlight)
        {
            report.InFlightOutcome(landed: false);
        }

        var parts = (await s3.ListPartsAsync(model.Key.Bucket, model.Key.Key, model.UploadId)).Parts ?? [];
        var stored = parts.ToDictionary(p => p.PartNumber ?? 0);
        foreach (var (number, part) in model.AcknowledgedParts)
        {
            if (!stored.TryGetValue(number, out var found) || found.Size != part.Size || found.ETag?.Trim('"') != part.ETag)
            {
                report.Add(ViolationKind.Lost, $"upload {model.UploadId} of {model.Key}: acknowledged part {number} ({part.Size} bytes, ETag {part.ETag}) is not stored as sent");
            }
        }

        foreach (var number in stored.Keys.Where(n => !model.AcknowledgedParts.ContainsKey(n) && !model.PartsInFlight.Contains(n)))
        {
            report.Add(ViolationKind.Exposed, $"upload {model.UploadId} of {model.Key} lists part {number}, which was never sent");
        }

        report.Count(Figure.UploadVerified);
    }

    private static void CheckGone(UploadModel model, TortureReport report)
    {
        switch (model.Fate)
        {
            case UploadFate.Open:
                report.Add(ViolationKind.Lost, $"upload {model.UploadId} of {model.Key} was acknowledged created and is gone");
                break;
            case UploadFate.CompleteInFlight when !model.CompletionLanded:
                report.Add(ViolationKind.Lost, $"upload {model.UploadId} of {model.Key} is gone, yet its completion did not land");
                break;
            case UploadFate.AbortInFlight:
                report.InFlightOutcome(landed: true);
                break;
            default:
                report.Count(Figure.UploadVerified);
                break;
        }
    }

    private static async Task<List<MultipartUpload>> ListAsync(IAmazonS3 s3, string bucket)
    {
        var request = new ListMultipartUploadsRequest { BucketName = bucket };
        var uploads = new List<MultipartUpload>();
        while (true)
        {
            var response = await s3.ListMultipartUploadsAsync(request);
            uploads.AddRange(response.MultipartUploads ?? []);
            if (response.IsTruncated != true)
            {
                return uploads;
            }

            request.KeyMarker = response.NextKeyMarker;
            request.UploadIdMarker = response.NextUploadIdMarker;
        }
    }
}
