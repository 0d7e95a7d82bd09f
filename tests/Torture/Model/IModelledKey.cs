namespace Coffer.Torture.Model;

/// <summary>
/// A key as the upload checks see it, plain or versioned: where it lives, and whether a given
/// write's content is what the key now holds (a completion that landed).
/// </summary>
public interface IModelledKey
{
    string Bucket { get; }

    string Key { get; }

    /// <summary>True when the acknowledged (or settled) state includes exactly this write.</summary>
    bool Holds(ObjectContent content);
}
