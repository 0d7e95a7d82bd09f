namespace Coffer.Access.Policies;

/// <summary>The policy language's <c>Version</c> element.</summary>
public enum PolicyLanguageVersion
{
    /// <summary>
    /// <c>2008-10-17</c>, and what a document without <c>Version</c> gets, as in AWS:
    /// <c>${...}</c> policy variables are literal text.
    /// </summary>
    Version20081017,

    /// <summary><c>2012-10-17</c>: policy variables are substituted.</summary>
    Version20121017,
}
