using Coffer.Engine.Identity;
using Coffer.Iam.Query;

namespace Coffer.Iam;

/// <summary>IAM's error codes and the HTTP status each is sent with.</summary>
internal static class IamErrors
{
    public static QueryException From(IdentityException error) => new(error.Code.ToString(), StatusOf(error.Code), error.Message);

    private static int StatusOf(IdentityError code) => code switch
    {
        IdentityError.NoSuchEntity => 404,
        IdentityError.EntityAlreadyExists or IdentityError.DeleteConflict or IdentityError.LimitExceeded => 409,
        _ => 400,
    };
}
