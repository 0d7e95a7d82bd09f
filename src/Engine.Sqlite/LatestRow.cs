namespace Coffer.Engine.Sqlite;

/// <summary>What a write condition is checked against.</summary>
internal sealed record LatestRow(long Row, string ETag, bool IsDeleteMarker);
