namespace Coffer.Server.Hosting;

/// <summary>How log entries are written to standard output.</summary>
public enum LogFormat
{
    /// <summary>One line per entry: a UTC timestamp, the level, the category and the message.</summary>
    Text,

    /// <summary>One JSON object per line, with the timestamp, level, category, message and each field of the message.</summary>
    Json,
}
