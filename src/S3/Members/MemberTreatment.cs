namespace Coffer.S3.Members;

/// <summary>What Coffer does with a header or query member that AWS's model gives an operation.</summary>
public enum MemberTreatment
{
    /// <summary>The operation acts on it as S3 does.</summary>
    Honoured,

    /// <summary>
    /// Not built: a request carrying it (or the values <see cref="MemberRule.RefusedWhen"/> names) is
    /// answered 501 NotImplemented before anything is read or stored.
    /// </summary>
    Refused,

    /// <summary>Accepted and without effect, truthfully: the rule's reason says why S3 would act no differently here.</summary>
    Informational,
}
