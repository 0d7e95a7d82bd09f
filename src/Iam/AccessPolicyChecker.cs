using Coffer.Access.Policies;
using Coffer.Engine.Identity;

namespace Coffer.Iam;

/// <summary>The identity engines' policy checks, by Coffer.Access's parser: a document stored is one evaluation can read.</summary>
public sealed class AccessPolicyChecker : IPolicyChecker
{
    public static AccessPolicyChecker Instance { get; } = new();

    public void CheckIdentityPolicy(string document) => Check(() => PolicyParser.ParseIdentityPolicy(document));

    public void CheckTrustPolicy(string document) => Check(() => PolicyParser.ParseTrustPolicy(document));

    private static void Check(Func<PolicyDocument> parse)
    {
        try
        {
            parse();
        }
        catch (MalformedPolicyException error)
        {
            throw new IdentityException(IdentityError.MalformedPolicyDocument, error.Message);
        }
    }
}
