using System.Text;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// Everything a request could change in the key service, read through its KMS API: the keys, the aliases, and the
/// world's key's metadata and rotation. Two snapshots compare equal when nothing changed (no key or alias was made,
/// moved or removed, and the world's key kept its state, its rotation and its deletion date).
/// </summary>
public static class KeyServiceState
{
    public static async Task<IReadOnlyList<string>> CaptureAsync(HostileInputWorld world)
    {
        // One page of a thousand: the world's server never holds as many keys.
        (string Operation, string Body)[] reads =
        [
            ("ListKeys", """{"Limit":1000}"""),
            ("ListAliases", """{"Limit":1000}"""),
            ("DescribeKey", $$"""{"KeyId":"{{world.KmsKeyId}}"}"""),
            ("GetKeyRotationStatus", $$"""{"KeyId":"{{world.KmsKeyId}}"}"""),
        ];
        var state = new List<string>(reads.Length);
        foreach (var (operation, body) in reads)
        {
            var response = await world.Raw.SendAsync(world.Raw.SignJson(world.KmsSigner, "TrentService." + operation, Encoding.UTF8.GetBytes(body)));
            state.Add($"{operation} -> {response.Status}\n{response.Text}");
        }

        return state;
    }
}
