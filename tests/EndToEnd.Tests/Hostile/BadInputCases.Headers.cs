namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Too much in the head: over-long and too many headers, a request line past the limit, metadata over 2 KB.</summary>
public static partial class BadInputCases
{
    private static IEnumerable<BadInputCase> Headers =>
    [
        new("headers-over-32-kb", w => PutTarget(w).WithHeader("x-padding", new string('p', 40 * 1024)), 431, null),
        new("headers-over-100", w => PutTarget(w) with { Headers = [.. PutTarget(w).Headers, .. Enumerable.Range(0, 120).Select(i => ($"x-extra-{i}", "v"))] }, 431, null),
        new("request-line-over-16-kb", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?padding={new string('p', 17 * 1024)}", NewContent), 414, null),
        new("metadata-over-2-kb", w => PutTarget(w, [("x-amz-meta-large", new string('m', 2100))]), 400, "MetadataTooLarge"),
        new("metadata-over-2-kb-in-many-headers", w => PutTarget(w, [.. Enumerable.Range(0, 30).Select(i => ($"x-amz-meta-part{i}", new string('m', 80)))]), 400, "MetadataTooLarge"),
        // Sent as the raw bytes FF FE, which are no UTF-8: whatever the server reads them as, it is not the text signed.
        new("metadata-invalid-utf8-bytes", w => PutTarget(w, [("x-amz-meta-broken", "\u00ff\u00fe")]), 403, "SignatureDoesNotMatch"),
        new("storage-class-unknown", w => PutTarget(w, [("x-amz-storage-class", "ICEBERG")]), 400, "InvalidStorageClass"),
    ];
}
