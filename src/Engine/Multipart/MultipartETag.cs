using System.Globalization;
using System.Security.Cryptography;

namespace Coffer.Engine.Multipart;

/// <summary>
/// The ETag S3 gives a completed multipart object: the hex MD5 of the parts' binary MD5s, one
/// after the other, then "-" and the number of parts. Clients recognise multipart objects by
/// the suffix (and must not compare such an ETag with the MD5 of the content).
/// </summary>
public static class MultipartETag
{
    /// <param name="partETags">The parts' quoted hex MD5 ETags, in part order.</param>
    public static string Of(IReadOnlyList<string> partETags)
    {
        var digests = new byte[partETags.Count * MD5.HashSizeInBytes];
        for (var i = 0; i < partETags.Count; i++)
        {
            var hex = partETags[i].AsSpan().Trim('"');
            if (Convert.FromHexString(hex, digests.AsSpan(i * MD5.HashSizeInBytes, MD5.HashSizeInBytes), out _, out var written)
                != System.Buffers.OperationStatus.Done || written != MD5.HashSizeInBytes)
            {
                throw new FormatException($"Part ETag {partETags[i]} is not a hex MD5.");
            }
        }

        var combined = Convert.ToHexStringLower(MD5.HashData(digests));
        return string.Create(CultureInfo.InvariantCulture, $"\"{combined}-{partETags.Count}\"");
    }

    /// <summary>The number of parts an ETag names ("…-N"); null for the ETag of a single PUT.</summary>
    public static int? PartCount(string etag)
    {
        var bare = etag.AsSpan().Trim('"');
        var dash = bare.LastIndexOf('-');
        return dash > 0 && int.TryParse(bare[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : null;
    }
}
