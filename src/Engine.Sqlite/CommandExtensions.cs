using System.Globalization;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

internal static class CommandExtensions
{
    /// <summary>Runs a query whose single result is an SQL truth value (0 or 1), such as <c>SELECT EXISTS (...)</c>.</summary>
    public static bool ExecuteBoolean(this SqliteCommand command) =>
        Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
}
