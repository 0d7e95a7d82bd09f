using System.Globalization;
using System.Security.Cryptography;
using System.Text;


namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// The bad-input table: every row a request S3 refuses, with S3's exact status and error code.
/// Each category lives in its own part (BadInputCases.*.cs); the builders they share are here.
/// </summary>
public static partial class BadInputCases
{
    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        .. Authorization, .. Bodies, .. Documents, .. Names, .. Headers, .. Queries, .. Unhonoured, .. Kms,
    ];

    public static BadInputCase Named(string name) => All.Single(row => row.Name == name);

    /// <summary>A correctly signed PUT of new bytes over the target object: the request each row spoils in one way.</summary>
    internal static RawRequest PutTarget(HostileInputWorld world, IReadOnlyList<(string Name, string Value)>? headers = null, string? payloadHash = null) =>
        world.Raw.Sign("PUT", world.ObjectPath, NewContent, headers, payloadHash);

    internal static readonly byte[] NewContent = RawS3Client.Utf8("bytes that must never replace the target's");

    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Md5(byte[] body) => Convert.ToBase64String(MD5.HashData(body));

    internal static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
