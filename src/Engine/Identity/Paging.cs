namespace Coffer.Engine.Identity;

/// <summary>Where a listing resumes (the Marker of the previous page) and how many items it may hold.</summary>
public sealed record PageRequest(string? Marker = null, int? MaxItems = null)
{
    public static PageRequest All { get; } = new(null, int.MaxValue);
}

/// <summary>One page of a listing; <see cref="NextMarker"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker)
{
    public bool IsTruncated => NextMarker is not null;
}

/// <summary>
/// IAM's Marker/MaxItems paging over a listing the store returned whole and in name order. The
/// marker is the name of the first item not yet returned, so that deleting items between pages
/// (the usual list-then-delete loop) neither skips nor repeats any.
/// </summary>
public static class Paging
{
    public const int DefaultMaxItems = 100;

    public const int MaxMaxItems = 1000;

    public static Page<T> Take<T>(IReadOnlyList<T> ordered, Func<T, string> name, PageRequest request)
    {
        var max = request.MaxItems ?? DefaultMaxItems;
        if (max < 1 || (max > MaxMaxItems && request != PageRequest.All))
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                $"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and {MaxMaxItems}");
        }

        var start = 0;
        if (!string.IsNullOrEmpty(request.Marker))
        {
            while (start < ordered.Count && IamNameOrder.Instance.Compare(name(ordered[start]), request.Marker) < 0)
            {
                start++;
            }
        }

        var end = (int)Math.Min((long)start + max, ordered.Count);
        var items = ordered.Skip(start).Take(end - start).ToList();
        return new Page<T>(items, end < ordered.Count ? name(ordered[end]) : null);
    }
}

/// <summary>
/// The order the store lists names in: case-insensitive by folding A-Z to a-z, as SQLite's NOCASE
/// does. (Folding to upper case instead would put "_" after the letters, not before them.)
/// </summary>
public sealed class IamNameOrder : IComparer<string>
{
    public static IamNameOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var difference = Fold(x[i]).CompareTo(Fold(y[i]));
            if (difference != 0)
            {
                return difference;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
