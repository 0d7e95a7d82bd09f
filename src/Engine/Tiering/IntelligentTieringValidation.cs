using Coffer.Engine.Errors;

namespace Coffer.Engine.Tiering;

/// <summary>
/// What S3 allows in an Intelligent-Tiering configuration whose document was well formed: the ID, and the days of each
/// archive tier within its range. See https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-managing.html
/// </summary>
public static class IntelligentTieringValidation
{
    /// <summary>S3's limit on the Intelligent-Tiering configurations of one bucket.</summary>
    public const int MaxConfigurations = 1000;

    public const int ArchiveAccessMinDays = 90;
    public const int DeepArchiveAccessMinDays = 180;
    public const int MaxDays = 730;

    /// <exception cref="EngineException">InvalidArgument, its message the rule broken.</exception>
    public static void Check(IntelligentTieringConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Id.Length is 0 or > IntelligentTieringConfiguration.MaxIdLength || !configuration.Id.All(IsIdCharacter))
        {
            throw Argument("The ID is not valid: it must be 1 to 64 letters, digits, '-', '_' or '.'");
        }

        if (configuration.Tierings.Count == 0)
        {
            throw Argument("At least one Tiering must be specified");
        }

        if (configuration.Tierings.Select(t => t.AccessTier).Distinct().Count() != configuration.Tierings.Count)
        {
            throw Argument("Each AccessTier may be specified only once");
        }

        foreach (var tiering in configuration.Tierings)
        {
            var (tier, least) = tiering.AccessTier == IntelligentTieringAccessTier.ArchiveAccess
                ? ("ARCHIVE_ACCESS", ArchiveAccessMinDays)
                : ("DEEP_ARCHIVE_ACCESS", DeepArchiveAccessMinDays);
            if (tiering.Days < least || tiering.Days > MaxDays)
            {
                throw Argument($"The Days for the {tier} tier must be between {least} and {MaxDays}");
            }
        }

        var archive = configuration.Tierings.FirstOrDefault(t => t.AccessTier == IntelligentTieringAccessTier.ArchiveAccess);
        var deep = configuration.Tierings.FirstOrDefault(t => t.AccessTier == IntelligentTieringAccessTier.DeepArchiveAccess);
        if (archive is not null && deep is not null && deep.Days <= archive.Days)
        {
            throw Argument("The Days for the DEEP_ARCHIVE_ACCESS tier must be greater than the Days for the ARCHIVE_ACCESS tier");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (configuration.Tags.Any(tag => !keys.Add(tag.Key)))
        {
            throw new EngineException(EngineError.InvalidRequest, "Duplicate Tag Keys are not allowed.");
        }
    }

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static EngineException Argument(string message) => new(EngineError.InvalidArgument, message);
}
