using Coffer.Server.Credentials;

namespace Coffer.Server.Configuration;

/// <summary>
/// COFFER_ROOT_USER and COFFER_ROOT_PASSWORD. Only from the environment: a flag would show the secret to every
/// local user in the process list, and the config file is often world-readable.
/// </summary>
public static class RootCredentialSettings
{
    public const string UserVariable = "COFFER_ROOT_USER";

    public const string PasswordVariable = "COFFER_ROOT_PASSWORD";

    // MinIO's limits for the same pair: a key id of 3 characters or more and a secret of 8 or more.
    public const int MinimumUserLength = 3;

    public const int MinimumPasswordLength = 8;

    /// <returns>The pair, or null when neither variable is set (generated or stored credentials are used then).</returns>
    /// <exception cref="ConfigurationException">Only one is set, or one is too short.</exception>
    public static RootCredentials? FromEnvironment(Func<string, string?> environment)
    {
        var user = environment(UserVariable);
        var password = environment(PasswordVariable);
        if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(password))
        {
            return null;
        }

        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            var missing = string.IsNullOrEmpty(user) ? UserVariable : PasswordVariable;
            var set = string.IsNullOrEmpty(user) ? PasswordVariable : UserVariable;
            throw new ConfigurationException($"{set} is set but {missing} is not; set both, or neither to use the stored root credentials");
        }

        if (user.Length < MinimumUserLength)
        {
            throw new ConfigurationException($"{UserVariable} must be at least {MinimumUserLength} characters long");
        }

        if (password.Length < MinimumPasswordLength)
        {
            throw new ConfigurationException($"{PasswordVariable} must be at least {MinimumPasswordLength} characters long (it is the root secret access key)");
        }

        return new RootCredentials(user, password, RootCredentialSource.Environment);
    }
}
