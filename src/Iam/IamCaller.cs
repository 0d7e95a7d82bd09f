using Coffer.Access.Principals;

namespace Coffer.Iam;

/// <summary>Who signed an IAM request.</summary>
/// <param name="SessionPolicy">For temporary credentials issued with a session policy: that policy's JSON, which narrows what the role or user may do.</param>
public sealed record IamCaller(RequestPrincipal Principal, string? SessionPolicy = null);
