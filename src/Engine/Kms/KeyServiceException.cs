namespace Coffer.Engine.Kms;

/// <summary>The key service's refusals, by the KMS error codes they become; the KMS protocol layer names them.</summary>
public enum KeyServiceError
{
    /// <summary>No such key or alias (NotFoundException).</summary>
    NotFound,

    /// <summary>The key is disabled (DisabledException).</summary>
    Disabled,

    /// <summary>The key's state does not allow the operation, such as a key pending deletion (KMSInvalidStateException).</summary>
    InvalidState,

    /// <summary>The ciphertext is not one this service made, was altered, or its context differs (InvalidCiphertextException).</summary>
    InvalidCiphertext,

    /// <summary>The ciphertext was made by another key than the one named (IncorrectKeyException).</summary>
    IncorrectKey,

    /// <summary>An alias of that name exists (AlreadyExistsException).</summary>
    AlreadyExists,

    /// <summary>An alias name KMS refuses, such as one outside <c>alias/</c> or in <c>alias/aws/</c> (InvalidAliasNameException).</summary>
    InvalidAliasName,

    /// <summary>A value outside its allowed range or form (ValidationException); the message says which.</summary>
    Validation,

    /// <summary>A paging marker this service did not give (InvalidMarkerException).</summary>
    InvalidMarker,

    /// <summary>
    /// A change to a key the service manages for itself, such as the aws/s3 key: its key policy lets people use and
    /// read it, never change it, so KMS refuses with AccessDeniedException whoever asks.
    /// </summary>
    ManagedByAws,
}

public sealed class KeyServiceException(KeyServiceError error, string message) : Exception(message)
{
    public KeyServiceError Error { get; } = error;

    /// <summary>The error's name in KMS (its <c>__type</c>), which S3 also reports, as <c>KMS.</c> and the name.</summary>
    public string KmsName => Error switch
    {
        KeyServiceError.NotFound => "NotFoundException",
        KeyServiceError.Disabled => "DisabledException",
        KeyServiceError.InvalidState => "KMSInvalidStateException",
        KeyServiceError.InvalidCiphertext => "InvalidCiphertextException",
        KeyServiceError.IncorrectKey => "IncorrectKeyException",
        KeyServiceError.AlreadyExists => "AlreadyExistsException",
        KeyServiceError.InvalidAliasName => "InvalidAliasNameException",
        KeyServiceError.InvalidMarker => "InvalidMarkerException",
        KeyServiceError.ManagedByAws => "AccessDeniedException",
        _ => "ValidationException",
    };
}
