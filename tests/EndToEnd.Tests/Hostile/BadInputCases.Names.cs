namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Bucket names that break S3's naming rules, keys too long or not UTF-8, and Copy-Source garbage.</summary>
public static partial class BadInputCases
{
    private static IEnumerable<BadInputCase> Names =>
    [
        .. new[]
        {
            ("uppercase", "Bad-Input-Upper"),
            ("two-characters", "ab"),
            ("sixty-four-characters", new string('a', 64)),
            ("ip-address", "192.168.5.4"),
            ("xn-prefix", "xn--bad-input"),
            ("sthree-prefix", "sthree-bad-input"),
            ("s3alias-suffix", "bad-input-s3alias"),
            ("ol-s3-suffix", "bad-input--ol-s3"),
            ("consecutive-dots", "bad..input"),
            ("dash-at-end", "bad-input-"),
            ("underscore", "bad_input"),
        }.Select(name => new BadInputCase($"bucket-name-{name.Item1}", w => w.Raw.Sign("PUT", $"/{name.Item2}"), 400, "InvalidBucketName")),
        new("key-of-1025-bytes", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{new string('k', 1025)}", NewContent), 400, "KeyTooLongError"),
        new("key-invalid-utf8-percent-encoded", w => w.Raw.Sign("PUT", $"/{w.Bucket}/bad%FF%FEkey", NewContent), 400, "InvalidURI"),
        new("key-raw-non-ascii-bytes-in-request-line", w => w.Raw.Sign("PUT", $"/{w.Bucket}/bad\u00ff\u00fekey", NewContent), 400, null),
        new("copy-source-without-slash", w => CopyOverTarget(w, "no-slash-here"), 400, "InvalidArgument"),
        new("copy-source-bucket-only", w => CopyOverTarget(w, $"/{w.Bucket}/"), 400, "InvalidArgument"),
        new("copy-source-bad-encoding", w => CopyOverTarget(w, $"/{w.Bucket}/bad%FF%FEkey"), 400, "InvalidArgument"),
        // A version id Coffer (or S3) could never have issued is InvalidArgument; a well-formed unknown one is NoSuchVersion (see Unhonoured).
        new("copy-source-version-id-junk", w => CopyOverTarget(w, $"/{w.Bucket}/{HostileInputWorld.Key}?versionId=junk"), 400, "InvalidArgument"),
        new("copy-source-missing-key", w => CopyOverTarget(w, $"/{w.Bucket}/no-such-key"), 404, "NoSuchKey"),
        new("copy-source-key-of-1025-bytes", w => CopyOverTarget(w, $"/{w.Bucket}/{new string('k', 1025)}"), 400, "KeyTooLongError"),
    ];

    private static RawRequest CopyOverTarget(HostileInputWorld world, string source) =>
        world.Raw.Sign("PUT", world.ObjectPath, null, [("x-amz-copy-source", source)]);
}
