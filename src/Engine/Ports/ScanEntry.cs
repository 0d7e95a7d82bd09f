using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// One entry of a grouped scan (<see cref="IMetadataStore.ScanGroupedAsync"/>, <see cref="IMetadataStore.ScanVersionsAsync"/>):
/// a version of a key (the latest, for ScanGroupedAsync), or, when <see cref="Version"/> is null, a common prefix standing
/// for all its keys.
/// </summary>
/// <param name="Key">The version's key, or the common prefix (delimiter included).</param>
public readonly record struct ScanEntry(string Key, ObjectInfo? Version)
{
    public bool IsCommonPrefix => Version is null;
}
