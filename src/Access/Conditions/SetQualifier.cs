namespace Coffer.Access.Conditions;

/// <summary>How a condition treats a key with several values in the request.</summary>
public enum SetQualifier
{
    /// <summary>No qualifier: the condition holds when any request value matches any policy value.</summary>
    None,

    /// <summary><c>ForAnyValue:</c> at least one request value must satisfy the operator; false when the key is missing.</summary>
    ForAnyValue,

    /// <summary><c>ForAllValues:</c> every request value must satisfy the operator; true when the key is missing.</summary>
    ForAllValues,
}
