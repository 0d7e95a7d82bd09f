namespace Coffer.Engine.Sqlite;

/// <summary>Loads the bundled native SQLite library, once per process, before the first connection.</summary>
internal static class SqliteNative
{
    private static readonly Lazy<bool> Loaded = new(static () =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureLoaded() => _ = Loaded.Value;
}
