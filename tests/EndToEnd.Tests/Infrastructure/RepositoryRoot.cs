namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds Coffer.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Coffer.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Coffer.sln in any folder above {AppContext.BaseDirectory}.");
    }
}
