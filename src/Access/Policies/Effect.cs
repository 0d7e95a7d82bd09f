namespace Coffer.Access.Policies;

public enum Effect
{
    Allow,
    Deny,
}
