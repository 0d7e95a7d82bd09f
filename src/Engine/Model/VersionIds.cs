namespace Coffer.Engine.Model;

public static class VersionIds
{
    /// <summary>The version id of every object written while versioning has never been enabled.</summary>
    public const string Null = "null";
}
