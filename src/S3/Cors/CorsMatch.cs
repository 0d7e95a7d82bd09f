namespace Coffer.S3.Cors;

/// <summary>The rule that allows a cross-origin request, and the Access-Control-Allow-Origin it answers with.</summary>
public sealed record CorsMatch(CorsRule Rule, string AllowOrigin);
