namespace Coffer.Engine.Model;

/// <summary>
/// A bucket's versioning state. A bucket starts unversioned, and once enabled it is never unversioned again, only
/// suspended: its versions stay, and new writes replace the <c>null</c> version alone.
/// </summary>
public enum BucketVersioning
{
    Unversioned,
    Enabled,
    Suspended,
}
