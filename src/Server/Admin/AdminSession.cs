using System.CommandLine;
using System.Text.Json.Nodes;
using System.Xml.Linq;

using Coffer.Server.Configuration;
using Coffer.Server.Credentials;

namespace Coffer.Server.Admin;

/// <summary>One `coffer admin` invocation: the endpoint, the root key pair, where to print.</summary>
public sealed class AdminSession(QueryApiClient client, KmsApiClient kms, TextWriter output)
{
    public TextWriter Output { get; } = output;

    public Task<XElement> IamAsync(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters) =>
        client.CallAsync("iam", action, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), cancellationToken);

    public Task<XElement> StsAsync(string action, CancellationToken cancellationToken) => client.CallAsync("sts", action, [], cancellationToken);

    /// <summary>One of Coffer's own admin calls (the server's AdminEndpoint), such as RewindBucket.</summary>
    public Task<XElement> CofferAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        client.CallAsync("coffer", action, parameters, cancellationToken);

    /// <summary>Every member of a paged IAM listing, following Marker until IsTruncated is false.</summary>
    public async Task<IReadOnlyList<XElement>> ListAllAsync(string action, string listElement, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        var members = new List<XElement>();
        string? marker = null;
        do
        {
            var page = await IamAsync(action, cancellationToken, [.. parameters, .. marker is null ? Array.Empty<(string, string)>() : [("Marker", marker)]]);
            var list = page.Elements().FirstOrDefault(e => e.Name.LocalName == listElement);
            members.AddRange(list?.Elements() ?? []);
            marker = QueryApiClient.Child(page, "IsTruncated") == "true" ? page.Elements().FirstOrDefault(e => e.Name.LocalName == "Marker")?.Value : null;
        }
        while (marker is not null);

        return members;
    }

    /// <summary>One call of the key service, such as DescribeKey, with its JSON request members.</summary>
    public Task<JsonObject> KmsAsync(string operation, JsonObject parameters, CancellationToken cancellationToken) =>
        kms.CallAsync(operation, parameters, cancellationToken);

    /// <summary>Every entry of a paged KMS listing (ListKeys, ListAliases), following NextMarker while Truncated is true.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAllKmsAsync(string operation, string listMember, CancellationToken cancellationToken)
    {
        var entries = new List<JsonObject>();
        string? marker = null;
        do
        {
            var page = await KmsAsync(operation, marker is null ? [] : new JsonObject { ["Marker"] = marker }, cancellationToken);
            entries.AddRange((page[listMember] as JsonArray ?? []).OfType<JsonObject>());
            marker = page["Truncated"]?.GetValue<bool>() == true ? KmsApiClient.Text(page, "NextMarker") : null;
        }
        while (marker is not null);

        return entries;
    }

    /// <summary>
    /// Runs one admin action with the root key pair (COFFER_ROOT_USER/COFFER_ROOT_PASSWORD, else
    /// the data directory's root-credentials.json). Refusals and unreachable endpoints print one
    /// line on stderr and exit 1; nothing is retried, so a refused change is reported, not repeated.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, AdminOptions options, Func<AdminSession, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var dataDirectory = parse.GetValue(options.Data)!;
        RootCredentials? root;
        try
        {
            root = RootCredentials.TryRead(dataDirectory);
        }
        catch (ConfigurationException invalid)
        {
            await error.WriteLineAsync($"coffer admin: {invalid.Message}");
            return 1;
        }

        if (root is null)
        {
            await error.WriteLineAsync(
                $"coffer admin: no root credentials: set COFFER_ROOT_USER and COFFER_ROOT_PASSWORD, or point --data at the server's data directory (it has no {RootCredentials.FileName}: {Path.GetFullPath(dataDirectory)}).");
            return 1;
        }

        if (!Uri.TryCreate(parse.GetValue(options.Endpoint), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"coffer admin: --endpoint (or {AdminOptions.EndpointVariable}) must be an http:// or https:// URL, not '{parse.GetValue(options.Endpoint)}'.");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var signer = new RootPostSigner(endpoint, parse.GetValue(options.Region)!, root.AccessKeyId, root.SecretAccessKey, TimeProvider.System);
        var session = new AdminSession(new QueryApiClient(http, endpoint, signer), new KmsApiClient(http, endpoint, signer), parse.InvocationConfiguration.Output);
        try
        {
            await action(session, cancellationToken);
            return 0;
        }
        catch (ApiErrorException refused) when (IsUnknownKeyPair(refused.Code) && root.Source == RootCredentialSource.StoredFile)
        {
            // The server runs with other root credentials, from its environment; the stored file is stale.
            await error.WriteLineAsync(
                $"coffer admin: {refused.Message} (the root credentials in {RootCredentials.PathIn(dataDirectory)} were refused; if the server runs with {RootCredentialSettings.UserVariable} and {RootCredentialSettings.PasswordVariable}, set them here too)");
        }
        catch (ApiErrorException refused)
        {
            await error.WriteLineAsync($"coffer admin: {refused.Message}");
        }
        catch (AdminRefusalException refused)
        {
            await error.WriteLineAsync($"coffer admin: {refused.Message}");
        }
        catch (HttpRequestException unreachable)
        {
            await error.WriteLineAsync($"coffer admin: cannot reach {endpoint}: {unreachable.Message}");
        }
        catch (IOException unreadable)
        {
            await error.WriteLineAsync($"coffer admin: {unreadable.Message}");
        }

        return 1;
    }

    /// <summary>
    /// The refusals of a key pair the server does not know or whose secret differs: IAM's names, then KMS's for an
    /// unknown key (its InvalidSignatureException also stands for a wrong --region, which a stale file does not explain).
    /// </summary>
    private static bool IsUnknownKeyPair(string code) =>
        code is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "UnrecognizedClientException";
}

/// <summary>A command's own refusal, before it changes anything: one line on stderr and exit code 1, as for the server's.</summary>
public sealed class AdminRefusalException(string message) : Exception(message);

/// <summary>The options of every `coffer admin` command that calls a server: where it is, and the root key pair to sign with.</summary>
public sealed class AdminOptions
{
    /// <summary>The environment variable that names the server when --endpoint does not, set once per shell as AWS_ENDPOINT_URL is for the aws CLI.</summary>
    public const string EndpointVariable = "COFFER_ENDPOINT";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The Coffer server to manage; without it, ${EndpointVariable}, else the server's default address",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "http://127.0.0.1:9000",
    };

    public Option<string> Data { get; } =
        DataDirectoryOption.Create("The server's data directory, for its root credentials when COFFER_ROOT_USER/COFFER_ROOT_PASSWORD are not set");

    public Option<string> Region { get; } = new("--region")
    {
        Description = "The region the server serves (it signs requests); without it, $COFFER_REGION, else us-east-1",
        DefaultValueFactory = _ => ServerSettings.FromEnvironmentOrDefault("region"),
    };
}
