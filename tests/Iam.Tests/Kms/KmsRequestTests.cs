using System.Text;

using Coffer.Iam.Kms;

namespace Coffer.Iam.Tests.Kms;

/// <summary>KmsRequest.Parse: what KMS refuses while reading a body, before any operation, key or caller is looked at.</summary>
public class KmsRequestTests
{
    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"KeyId\"")]
    [InlineData("{\"KeyId\":42}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"EncryptionContext\":{\"a\":1}}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"Plaintext\":\"***\"}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"NumberOfBytes\":\"32\"}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"NumberOfBytes\":1.5}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"DryRun\":\"true\"}")]
    [InlineData("{\"KeyId\":\"alias/none\",\"GrantTokens\":[1]}")]
    [InlineData("{\"KeyId\":[[[[[[[[[\"deep\"]]]]]]]]]}")]
    public void Parse_MalformedOrMistypedBody_IsSerializationException(string body)
    {
        var error = Assert.Throws<KmsException>(() => KmsRequest.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(("SerializationException", 400), (error.Type, error.StatusCode));
    }

    // Found by KmsRequestFuzzTests: System.Text.Json checks a string's UTF-8 only when it is read, and then throws
    // InvalidOperationException, which reached the client as a 500.
    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void Parse_StringOfBytesThatAreNotUtf8_IsSerializationException(byte[] bytes)
    {
        byte[] inValue = [.. "{\"KeyId\":\""u8, .. bytes, .. "\"}"u8];
        byte[] inName = [.. "{\"Key"u8, .. bytes, .. "\":\"x\"}"u8];
        byte[] inContext = [.. "{\"EncryptionContext\":{\"a\":\""u8, .. bytes, .. "\"}}"u8];

        Assert.All([inValue, inName, inContext], body =>
            Assert.Equal("SerializationException", Assert.Throws<KmsException>(() => KmsRequest.Parse(body)).Type));
    }

    [Fact]
    public void Parse_MembersOfEveryDeclaredType_ReadBack()
    {
        var request = KmsRequest.Parse("""{"KeyId":"alias/a","Plaintext":"aGk=","EncryptionContext":{"k":"v"},"NumberOfBytes":16,"DryRun":true,"GrantTokens":["t"],"Unknown":{"x":[1]}}"""u8.ToArray());

        Assert.Equal("alias/a", request.String("KeyId"));
        Assert.Equal("hi"u8.ToArray(), request.Blob("Plaintext"));
        Assert.Equal("v", request.StringMap("EncryptionContext")!["k"]);
        Assert.Equal(16, request.Integer("NumberOfBytes"));
        Assert.True(request.Boolean("DryRun"));
        Assert.Equal(["t"], request.StringList("GrantTokens")!);
        Assert.True(request.Has("Unknown"));
    }

    [Fact]
    public void Parse_EmptyBody_IsAnEmptyRequest()
    {
        var request = KmsRequest.Parse(ReadOnlyMemory<byte>.Empty);

        Assert.Null(request.String("KeyId"));
    }
}
