using System.Globalization;

namespace Coffer.Engine.Coordination;

/// <summary>This process's name among the nodes of a deployment, as it holds leases: host, process id and a random tail, so that a restarted process is a new holder.</summary>
public static class NodeName
{
    public static string ForThisProcess() => string.Create(
        CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Random.Shared.Next(0x1000000):x6}");
}
