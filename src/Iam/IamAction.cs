using System.Xml;

namespace Coffer.Iam;

/// <summary>
/// One IAM action: its name, the resource whose ARN authorization checks (<c>*</c> for listings),
/// and what it does, returning the writer of its Result element (null when it answers none).
/// </summary>
internal sealed record IamAction(
    string Name,
    Func<IamCall, Task<string>> ResourceAsync,
    Func<IamCall, Task<Action<XmlWriter>?>> RunAsync)
{
    public static Task<string> AnyResource(IamCall call) => Task.FromResult("*");
}
