namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// Calls of the key service (the KMS JSON 1.1 API on the same endpoint) that KMS refuses: bodies that are not JSON
/// objects or hold members of the wrong type, missing members, values out of range, targets that are unknown or not
/// built, and signatures that are missing or for another service. Each gets KMS's error type in a JSON body, never
/// S3's XML, and makes no key or alias. The rows that need a key name the world's, by its alias, so that each fails
/// for what it breaks and not for a missing key.
/// </summary>
public static partial class BadInputCases
{
    private const string WorldKey = $"\"KeyId\":\"{HostileInputWorld.KmsAlias}\"";

    private static IEnumerable<BadInputCase> Kms =>
    [
        KmsRow("kms-body-not-json", "CreateKey", "{not json", "SerializationException"),
        KmsRow("kms-body-an-array", "CreateKey", "[1,2]", "SerializationException"),
        KmsRow("kms-body-a-string", "CreateKey", "\"Description\"", "SerializationException"),
        KmsRow("kms-body-null", "CreateKey", "null", "SerializationException"),
        KmsRow("kms-body-nested-too-deep", "CreateKey", "{\"Description\":" + new string('[', 64) + new string(']', 64) + "}", "SerializationException"),
        new("kms-string-not-utf8", w => ValidKmsCall(w, "CreateKey", [.. "{\"Description\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]), 400, "SerializationException", JsonError: true),
        KmsRow("kms-key-id-a-number", "DescribeKey", "{\"KeyId\":42}", "SerializationException"),
        KmsRow("kms-key-id-a-number-on-create-alias", "CreateAlias", "{\"AliasName\":\"alias/hostile-new\",\"TargetKeyId\":42}", "SerializationException"),
        KmsRow("kms-context-value-a-number", "Encrypt", EncryptOfTheWorldKey("aGk=", "\"EncryptionContext\":{\"bucket\":1}"), "SerializationException"),
        // KMS reads the whole body before it looks for the key: the wrong type is found first.
        KmsRow("kms-context-value-a-number-beside-an-unknown-key", "Encrypt", "{\"KeyId\":\"alias/none\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":1}}", "SerializationException"),
        KmsRow("kms-context-an-array", "GenerateDataKey", $"{{{WorldKey},\"KeySpec\":\"AES_256\",\"EncryptionContext\":[\"a\"]}}", "SerializationException"),
        KmsRow("kms-plaintext-not-base64", "Encrypt", EncryptOfTheWorldKey("***"), "SerializationException"),
        KmsRow("kms-plaintext-a-number", "Encrypt", $"{{{WorldKey},\"Plaintext\":12}}", "SerializationException"),
        KmsRow("kms-number-of-bytes-a-string", "GenerateDataKey", $"{{{WorldKey},\"NumberOfBytes\":\"32\"}}", "SerializationException"),
        KmsRow("kms-number-of-bytes-a-fraction", "GenerateDataKey", $"{{{WorldKey},\"NumberOfBytes\":32.5}}", "SerializationException"),
        KmsRow("kms-dry-run-a-string", "Encrypt", EncryptOfTheWorldKey("aGk=", "\"DryRun\":\"false\""), "SerializationException"),
        KmsRow("kms-key-id-missing", "Encrypt", "{\"Plaintext\":\"aGk=\"}", "ValidationException"),
        KmsRow("kms-plaintext-missing", "Encrypt", $"{{{WorldKey}}}", "ValidationException"),
        KmsRow("kms-ciphertext-missing", "Decrypt", "{}", "ValidationException"),
        KmsRow("kms-alias-target-missing", "CreateAlias", "{\"AliasName\":\"alias/hostile-new\"}", "ValidationException"),
        KmsRow("kms-plaintext-4097-bytes", "Encrypt", EncryptOfTheWorldKey(Convert.ToBase64String(new byte[4097])), "ValidationException"),
        KmsRow("kms-plaintext-empty", "Encrypt", EncryptOfTheWorldKey(""), "ValidationException"),
        KmsRow("kms-number-of-bytes-0", "GenerateDataKey", $"{{{WorldKey},\"NumberOfBytes\":0}}", "ValidationException"),
        KmsRow("kms-number-of-bytes-1025", "GenerateDataKey", $"{{{WorldKey},\"NumberOfBytes\":1025}}", "ValidationException"),
        KmsRow("kms-key-spec-and-number-of-bytes", "GenerateDataKey", $"{{{WorldKey},\"KeySpec\":\"AES_256\",\"NumberOfBytes\":32}}", "ValidationException"),
        KmsRow("kms-neither-key-spec-nor-number-of-bytes", "GenerateDataKey", $"{{{WorldKey}}}", "ValidationException"),
        KmsRow("kms-deletion-window-3-days", "ScheduleKeyDeletion", "{\"KeyId\":\"%KEY%\",\"PendingWindowInDays\":3}", "ValidationException"),
        KmsRow("kms-rotation-period-89-days", "EnableKeyRotation", "{\"KeyId\":\"%KEY%\",\"RotationPeriodInDays\":89}", "ValidationException"),
        KmsRow("kms-alias-without-prefix", "CreateAlias", "{\"AliasName\":\"hostile-new\",\"TargetKeyId\":\"%KEY%\"}", "InvalidAliasNameException"),
        KmsRow("kms-alias-of-aws", "CreateAlias", "{\"AliasName\":\"alias/aws/hostile\",\"TargetKeyId\":\"%KEY%\"}", "InvalidAliasNameException"),
        KmsRow("kms-alias-taken", "CreateAlias", $"{{\"AliasName\":\"{HostileInputWorld.KmsAlias}\",\"TargetKeyId\":\"%KEY%\"}}", "AlreadyExistsException"),
        KmsRow("kms-create-key-with-policy", "CreateKey", "{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\"}", "UnsupportedOperationException"),
        KmsRow("kms-create-key-with-tags", "CreateKey", "{\"Tags\":[{\"TagKey\":\"team\",\"TagValue\":\"backups\"}]}", "UnsupportedOperationException"),
        KmsRow("kms-create-key-rsa-2048", "CreateKey", "{\"KeySpec\":\"RSA_2048\",\"KeyUsage\":\"ENCRYPT_DECRYPT\"}", "UnsupportedOperationException"),
        KmsRow("kms-create-key-multi-region", "CreateKey", "{\"MultiRegion\":true}", "UnsupportedOperationException"),
        KmsRow("kms-unknown-target", "NoSuchOperation", "{}", "UnknownOperationException"),
        KmsRow("kms-unsupported-target", "CreateGrant", $"{{{WorldKey},\"GranteePrincipal\":\"arn:aws:iam::123456789012:root\",\"Operations\":[\"Encrypt\"]}}", "UnsupportedOperationException"),
        new("kms-target-without-service-prefix", w => w.Raw.SignJson(w.KmsSigner, "CreateKey", RawS3Client.Utf8("{}")), 400, "UnknownOperationException", JsonError: true),
        new("kms-target-of-another-json-service", w => w.Raw.SignJson(w.KmsSigner, "DynamoDB_20120810.CreateTable", RawS3Client.Utf8("{}")), 400, "UnknownOperationException", JsonError: true),
        new("kms-target-empty-operation", w => w.Raw.SignJson(w.KmsSigner, "TrentService.", RawS3Client.Utf8("{}")), 400, "UnknownOperationException", JsonError: true),
        KmsRow("kms-body-over-256-kib", "CreateKey", $"{{\"Description\":\"{new string('d', 256 * 1024)}\"}}", "ValidationException"),
        new("kms-signed-for-s3", w => w.Raw.SignJson(w.Raw.Signer, "TrentService.CreateKey", RawS3Client.Utf8("{}")), 400, "InvalidSignatureException", JsonError: true),
        new("kms-unsigned", w => ValidKmsCall(w, "CreateKey", RawS3Client.Utf8("{}")).WithoutHeader("Authorization"), 400, "MissingAuthenticationTokenException", JsonError: true),
        new("kms-wrong-signature", w => SpoiledKmsSignature(w, a => a[..^64] + new string('0', 64)), 400, "InvalidSignatureException", JsonError: true),
        new("kms-signed-for-another-region", w => w.Raw.SignJson(new(w.Server.AccessKey, w.Server.SecretKey, "eu-west-3", "kms"), "TrentService.CreateKey", RawS3Client.Utf8("{}")), 400, "InvalidSignatureException", JsonError: true),
        new("kms-auth-not-sigv4", w => ValidKmsCall(w, "CreateKey", RawS3Client.Utf8("{}")).WithHeader("Authorization", "garbage"), 400, "IncompleteSignatureException", JsonError: true),
        new("kms-unknown-access-key", w => SpoiledKmsSignature(w, a => a.Replace("Credential=", "Credential=AKIAUNKNOWN", StringComparison.Ordinal)), 400, "UnrecognizedClientException", JsonError: true),
        new("kms-body-other-than-signed", w => ValidKmsCall(w, "CreateKey", RawS3Client.Utf8("{}")) with { Body = RawS3Client.Utf8("{\"Description\":\"x\"}") }, 400, "InvalidSignatureException", JsonError: true),
    ];

    /// <summary>A correctly signed KMS call: the control test proves it accepted, so each spoiled row fails for its own reason.</summary>
    internal static RawRequest ValidKmsCall(HostileInputWorld world, string operation, byte[] body) =>
        world.Raw.SignJson(world.KmsSigner, "TrentService." + operation, body);

    /// <summary>An Encrypt of <paramref name="plaintextBase64"/> under the world's key, with any further members.</summary>
    internal static string EncryptOfTheWorldKey(string plaintextBase64, string? more = null) =>
        $"{{{WorldKey},\"Plaintext\":\"{plaintextBase64}\"{(more is null ? "" : "," + more)}}}";

    /// <summary>A row for <c>TrentService.{operation}</c>; <c>%KEY%</c> in the body stands for the world's key id, for the operations that take no alias.</summary>
    private static BadInputCase KmsRow(string name, string operation, string body, string type) =>
        new(name, w => ValidKmsCall(w, operation, RawS3Client.Utf8(body.Replace("%KEY%", w.KmsKeyId, StringComparison.Ordinal))), 400, type, JsonError: true);

    private static RawRequest SpoiledKmsSignature(HostileInputWorld world, Func<string, string> spoil)
    {
        var call = ValidKmsCall(world, "CreateKey", RawS3Client.Utf8("{}"));
        return call.WithHeader("Authorization", spoil(call.Header("Authorization")));
    }
}
