using Coffer.Engine.Errors;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.S3.Authorization;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class DeleteObjects
{
    private const int MaxKeys = 1000;

    /// <summary>One key's answer: an error, or what was deleted (the marker added, or the version named and whether it was a marker).</summary>
    private sealed record Outcome(string Key, string? VersionId, S3Error? Error, string? Message)
    {
        public DeleteResult? Deleted { get; init; }
    }

    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var document = XmlRequestReader.Parse(await XmlRequestBody.ReadAsync(request));
        if (document is null || document.Name.LocalName != "Delete")
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        var quiet = string.Equals(document.Child("Quiet")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var objects = document.Children("Object").ToList();
        if (objects.Count is 0 or > MaxKeys)
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        // The bucket must exist for the request as a whole, not per key.
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);

        var outcomes = new List<Outcome>(objects.Count);
        foreach (var element in objects)
        {
            var key = element.Child("Key")?.Value ?? throw new S3Exception(S3Error.MalformedXML);
            var versionId = element.Child("VersionId")?.Value;
            outcomes.Add(await request.Authorizer.IsAllowedAsync(S3Permissions.DeleteEach(bucket.Value, key, namesVersion: versionId is not null))
                ? await DeleteOneAsync(request, bucket, key, versionId, element.Child("ETag")?.Value)
                : new Outcome(key, versionId, S3Error.AccessDenied, null));
        }

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("DeleteResult", S3Xml.Namespace);
            foreach (var outcome in outcomes)
            {
                if (outcome.Error is null)
                {
                    if (quiet)
                    {
                        continue;
                    }

                    // S3's shape: a named version is VersionId (with DeleteMarker when it was one); a marker the delete
                    // added is DeleteMarker with DeleteMarkerVersionId.
                    xml.WriteStartElement("Deleted");
                    xml.WriteElementString("Key", outcome.Key);
                    xml.Element("VersionId", outcome.VersionId);
                    if (outcome.Deleted is { DeleteMarker: true } deleted)
                    {
                        xml.WriteElementString("DeleteMarker", "true");
                        if (outcome.VersionId is null)
                        {
                            xml.WriteElementString("DeleteMarkerVersionId", deleted.VersionId);
                        }
                    }

                    xml.WriteEndElement();
                }
                else
                {
                    xml.WriteStartElement("Error");
                    xml.WriteElementString("Key", outcome.Key);
                    xml.Element("VersionId", outcome.VersionId);
                    xml.WriteElementString("Code", outcome.Error.Code);
                    xml.WriteElementString("Message", outcome.Message ?? outcome.Error.Message);
                    xml.WriteEndElement();
                }
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    private static async Task<Outcome> DeleteOneAsync(S3Request request, Engine.Model.BucketName bucket, string key, string? versionId, string? etag)
    {
        try
        {
            // Unlike DeleteObject, S3 reports a version id it could never have issued per key, as NoSuchVersion.
            Engine.Model.VersionId? version = null;
            if (versionId is not null && !Engine.Model.VersionId.TryParse(versionId, out version))
            {
                return new Outcome(key, versionId, S3Error.NoSuchVersion, null);
            }

            var condition = etag is null ? WriteCondition.None : new WriteCondition { ETagMustMatch = etag };
            var deletion = new DeleteObjectRequest
            {
                Bucket = bucket,
                Key = Names.Key(key),
                VersionId = version,
                Condition = condition,
                Requester = request.Principal,
                BypassGovernance = await ObjectLock.BypassGovernance.AllowedAsync(request, bucket.Value, key),
            };
            var deleted = await request.Services.Objects.DeleteAsync(deletion, request.Aborted);
            return new Outcome(key, versionId, null, null) { Deleted = deleted };
        }
        catch (S3Exception error)
        {
            return new Outcome(key, versionId, error.Error, error.Message);
        }
        catch (EngineException error)
        {
            var s3 = EngineErrors.ToS3(error);
            return new Outcome(key, versionId, s3.Error, s3.Message);
        }
    }
}
