using System.Globalization;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// The key of object i: <c>prefix00000042</c>, or with folders <c>prefixp00007/00000042</c> (object i in folder
/// i mod folders, so folders fill evenly). Names are fixed-width, so they list in the order they were numbered.
/// </summary>
internal static class KeyNames
{
    public static string Of(string prefix, int index, int folders = 0)
    {
        var name = index.ToString("D8", CultureInfo.InvariantCulture);
        return folders <= 0
            ? prefix + name
            : $"{prefix}p{(index % folders).ToString("D5", CultureInfo.InvariantCulture)}/{name}";
    }

    public static string[] All(string prefix, int count)
    {
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = Of(prefix, i);
        }

        return keys;
    }
}
