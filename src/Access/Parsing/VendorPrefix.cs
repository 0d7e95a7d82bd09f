namespace Coffer.Access.Parsing;

/// <summary>
/// Actions and condition keys both begin with the vendor they belong to (<c>s3:GetObject</c>,
/// <c>aws:SourceIp</c>); AWS refuses either without one.
/// </summary>
internal static class VendorPrefix
{
    public static bool IsPresent(string name) => name.IndexOf(':', StringComparison.Ordinal) > 0;
}
