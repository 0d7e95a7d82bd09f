using System.Globalization;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>Brings a database up to the newest schema in <see cref="Migrations"/>.</summary>
internal static class SchemaMigrator
{
    public static void Migrate(SqliteConnection connection)
    {
        while (true)
        {
            // One step per IMMEDIATE transaction, and the version is read inside it: if another
            // process opens the same file at the same time, one migrates and the other then
            // sees the new version instead of applying the step twice.
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = ReadVersion(connection, transaction);
            if (version > Migrations.Steps.Count)
            {
                throw new InvalidOperationException(
                    $"The metadata database is at schema version {version}, newer than this build knows " +
                    $"({Migrations.Steps.Count}). Run a newer Coffer, or restore a backup.");
            }

            if (version == Migrations.Steps.Count)
            {
                transaction.Commit();
                return;
            }

            using var step = connection.CreateCommand();
            step.Transaction = transaction;

            // user_version lives in the database header, so setting it is part of the transaction.
            step.CommandText = Migrations.Steps[version]
                + string.Create(CultureInfo.InvariantCulture, $";\nPRAGMA user_version = {version + 1};");
            step.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
