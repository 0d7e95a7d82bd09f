using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

using Coffer.Access.Principals;
using Coffer.Engine.Caching;
using Coffer.Engine.Identity;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Tests.Support;

/// <summary>An answer: its status and its parsed document.</summary>
public sealed record IamAnswer(int Status, XDocument Document)
{
    /// <summary>The error Code, or null for a success.</summary>
    public string? ErrorCode => Document.Root?.Name.LocalName == "ErrorResponse" ? Value("Code") : null;

    /// <summary>The text of the first element of that local name anywhere in the answer, or null.</summary>
    public string? Value(string localName) => Values(localName).FirstOrDefault();

    public IEnumerable<string> Values(string localName) =>
        Document.Descendants().Where(e => e.Name.LocalName == localName && !e.HasElements).Select(e => e.Value);
}

/// <summary>An <see cref="IamEndpoint"/> over a real SQLite store in a temp directory, called on a DefaultHttpContext.</summary>
public sealed class IamHarness : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private readonly TempDirectory _directory = new();
    private readonly SecretBox _secrets = new(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
    private SqliteMetadataStore? _store;
    private IamEndpoint? _endpoint;

    public static RequestPrincipal Root { get; } = RequestPrincipal.Root(AccountId);

    public SqliteMetadataStore Store => _store ?? throw new InvalidOperationException("Not opened.");

    public static async Task<IamHarness> OpenAsync()
    {
        var harness = new IamHarness();
        harness._store = await SqliteMetadataStore.OpenAsync(Path.Combine(harness._directory.Path, "metadata.db"), CancellationToken.None);
        // Wired as the server wires it: IAM writes are counted, and identity policies are cached by that count.
        var changes = new ChangeCounter();
        var store = new ChangeCountingIdentityStore(harness._store, changes);
        harness._endpoint = new IamEndpoint(store, harness._secrets, TimeProvider.System, AccountId, new IdentityPolicies(store, changes));
        return harness;
    }

    public static RequestPrincipal User(string name, string path = "/") => RequestPrincipal.User(AccountId, name, "AIDATEST" + name, path);

    /// <summary>Calls as root with parameters written as a query string: "Action=CreateUser&amp;UserName=bob".</summary>
    public Task<IamAnswer> CallAsync(string query) => CallAsync(new IamCaller(Root), query);

    public Task<IamAnswer> CallAsync(RequestPrincipal principal, string query) => CallAsync(new IamCaller(principal), query);

    public async Task<IamAnswer> CallAsync(IamCaller caller, string query)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        var body = new MemoryStream();
        context.Response.Body = body;
        await _endpoint!.HandleAsync(context, Parse(query), caller, "req-1");
        return new IamAnswer(context.Response.StatusCode, XDocument.Parse(Encoding.UTF8.GetString(body.ToArray())));
    }

    /// <summary>Calls as root and fails the test unless the call succeeds.</summary>
    public async Task<IamAnswer> MustAsync(string query)
    {
        var answer = await CallAsync(query);
        Assert.True(answer.Status == 200, $"{query} answered {answer.Status}: {answer.Document}");
        return answer;
    }

    public static Dictionary<string, string> Parse(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);

    public static string Encode(string value) => Uri.EscapeDataString(value);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _secrets.Dispose();
        _directory.Dispose();
    }
}
