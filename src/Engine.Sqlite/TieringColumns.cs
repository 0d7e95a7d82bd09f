using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The Intelligent-Tiering state of a version (schema step 17): its access tier and last recorded access, bound and
/// read in one place. Both NULL until the engine first sets them. The stored words are part of the database format.
/// </summary>
internal static class TieringColumns
{
    /// <summary>The columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Names = "access_tier, last_accessed_at";

    public static TieringState? Read(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new TieringState(AccessTierNames.FromStored(reader.GetString(first)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 1)));

    public static void Set(SqliteSession session, long row, TieringState? state)
    {
        var update = session.Command("UPDATE object_versions SET access_tier = $tier, last_accessed_at = $accessed WHERE id = $row;");
        update.Parameters.AddWithValue("$row", row);
        update.Parameters.AddWithValue("$tier", state is null ? DBNull.Value : AccessTierNames.ToStored(state.Tier));
        update.Parameters.AddWithValue("$accessed", state is null ? DBNull.Value : state.LastAccessed.ToUnixTimeMilliseconds());
        update.ExecuteNonQuery();
    }
}
