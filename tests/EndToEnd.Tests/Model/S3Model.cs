using System.Diagnostics;
using System.Text.Json;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.S3.Routing;

namespace Coffer.EndToEnd.Tests.Model;

/// <summary>
/// AWS's own model of the S3 API, as the pinned @aws-sdk/client-s3 carries it, read at test time
/// by tests/clients/js/model/s3-model.mjs (so no copy of it lives in this repository).
/// </summary>
public sealed record S3Model(string Package, string Version, IReadOnlyList<ModelOperation> Operations)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<Task<S3Model>> Loaded = new(LoadAsync);

    public static Task<S3Model> GetAsync() => Loaded.Value;

    private static async Task<S3Model> LoadAsync()
    {
        await NodeProject.EnsureInstalledAsync();
        var start = new ProcessStartInfo(ExecutablePath.Require("node", NodeProject.InstallHint)) { WorkingDirectory = NodeProject.Folder };
        start.ArgumentList.Add(Path.Combine("model", "s3-model.mjs"));
        var result = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"s3-model.mjs exited {result.ExitCode}:\n{result.Error}");
        }

        return JsonSerializer.Deserialize<S3Model>(result.Output, Json) ?? throw new InvalidOperationException("s3-model.mjs printed nothing.");
    }
}

/// <summary>One operation: its HTTP binding (the URI is relative to the bucket) and its request members.</summary>
public sealed record ModelOperation(string Name, string Method, string Uri, IReadOnlyList<ModelMember> Members)
{
    public bool AddressesBucket => Members.Any(m => m is { Location: "label", Name: "Bucket" });

    public IEnumerable<ModelMember> WireMembers => Members.Where(m => m.Location is "header" or "query" or "prefixHeaders");

    /// <summary>
    /// The request a client sends for this operation, path style, with every required member
    /// given: "x-id" (which newer SDKs add to tell some operations apart) only when asked for.
    /// </summary>
    public RequestTarget Request(bool withOperationId)
    {
        var question = Uri.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? Uri : Uri[..question];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in Uri[(question + 1)..].Split('&'))
            {
                var (name, value) = pair.IndexOf('=') is var equals and >= 0 ? (pair[..equals], pair[(equals + 1)..]) : (pair, "");
                if (name != "x-id" || withOperationId)
                {
                    query[name] = value;
                }
            }
        }

        foreach (var member in Members.Where(m => m is { Required: true, Location: "query" }))
        {
            query[member.WireName!] = "1";
        }

        if (AddressesBucket)
        {
            path = "/model-bucket" + path.Replace("{Key+}", "some/key.txt", StringComparison.Ordinal).TrimEnd('/');
        }

        var copySource = Members.Any(m => m is { Required: true, Location: "header" } && m.WireName!.Equals("x-amz-copy-source", StringComparison.OrdinalIgnoreCase));
        return new RequestTarget(Method, "127.0.0.1:9000", path, query, copySource);
    }
}

/// <summary>A request member: where it travels (header, query, prefixHeaders, label, payload, body) and under which name.</summary>
public sealed record ModelMember(string Name, string Location, string? WireName, bool Required);
