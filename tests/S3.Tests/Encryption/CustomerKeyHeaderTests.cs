using System.Net;
using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Model;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Encryption;

public class CustomerKeyHeaderTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static HeaderDictionary Headers(string algorithm = "AES256", byte[]? key = null, string? md5 = null)
    {
        key ??= Key;
        return new HeaderDictionary
        {
            [CustomerKeyHeader.AlgorithmName] = algorithm,
            [CustomerKeyHeader.KeyName] = Convert.ToBase64String(key),
            [CustomerKeyHeader.KeyMd5Name] = md5 ?? Convert.ToBase64String(MD5.HashData(key)),
        };
    }

    private static S3Exception Refusal(HeaderDictionary headers) => Assert.Throws<S3Exception>(() => CustomerKeyHeader.Read(headers));

    [Fact]
    public void Read_CompleteHeaders_IsTheKey()
    {
        var key = CustomerKeyHeader.Read(Headers());

        Assert.Equal(Key, key!.Bytes.ToArray());
        Assert.Equal(Convert.ToBase64String(MD5.HashData(Key)), key.Md5Base64);
    }

    [Fact]
    public void ReadCopySource_CopySourceHeaders_IsTheSourceKeyAndNotTheCopys()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Headers())
        {
            headers["x-amz-copy-source-" + name["x-amz-".Length..]] = value;
        }

        Assert.Equal(Key, CustomerKeyHeader.ReadCopySource(headers)!.Bytes.ToArray());
        Assert.Null(CustomerKeyHeader.Read(headers));
    }

    [Fact]
    public void ReadCopySource_Md5OfAnotherKey_IsInvalidArgument()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Headers(md5: Convert.ToBase64String(MD5.HashData(new byte[32]))))
        {
            headers["x-amz-copy-source-" + name["x-amz-".Length..]] = value;
        }

        Assert.Equal(S3Error.InvalidArgument, Assert.Throws<S3Exception>(() => CustomerKeyHeader.ReadCopySource(headers)).Error);
    }

    [Fact]
    public void Read_NoHeaders_IsNull() => Assert.Null(CustomerKeyHeader.Read(new HeaderDictionary()));

    [Fact]
    public void Read_Md5OfAnotherKey_IsInvalidArgument() =>
        Assert.Equal(S3Error.InvalidArgument, Refusal(Headers(md5: Convert.ToBase64String(MD5.HashData(new byte[32])))).Error);

    [Fact]
    public void Read_ShortKey_IsInvalidArgument() => Assert.Equal(S3Error.InvalidArgument, Refusal(Headers(key: new byte[16])).Error);

    [Fact]
    public void Read_Aes128_IsInvalidEncryptionAlgorithm() => Assert.Equal(S3Error.InvalidEncryptionAlgorithmError, Refusal(Headers("AES128")).Error);

    [Fact]
    public void Read_KeyWithoutMd5_IsInvalidArgument()
    {
        var headers = Headers();
        headers.Remove(CustomerKeyHeader.KeyMd5Name);

        Assert.Equal(S3Error.InvalidArgument, Refusal(headers).Error);
    }

    [Fact]
    public void Write_SseCObject_EchoesTheAlgorithmAndTheKeysMd5ButNeverTheKey()
    {
        var key = new CustomerKey(Key);
        var attributes = new ObjectAttributes { Encryption = CustomerKeyRules.For(key) };
        var response = new HeaderDictionary();

        CustomerKeyHeader.Write(response, attributes, key);

        Assert.Equal("AES256", response[CustomerKeyHeader.AlgorithmName]);
        Assert.Equal(key.Md5Base64, response[CustomerKeyHeader.KeyMd5Name]);
        Assert.DoesNotContain(response, header => header.Value.ToString().Contains(Convert.ToBase64String(Key), StringComparison.Ordinal));
    }

    [Fact]
    public void Write_PlainObject_WritesNothing()
    {
        var response = new HeaderDictionary();

        CustomerKeyHeader.Write(response, ObjectAttributes.Default, null);

        Assert.Empty(response);
    }

    [Theory]
    [InlineData("10.1.2.3", false, false, false)]
    [InlineData("127.0.0.1", false, false, true)]
    [InlineData("::1", false, false, true)]
    [InlineData("10.1.2.3", true, false, true)]
    [InlineData("10.1.2.3", false, true, true)]
    public void RequireSecureTransport_KeyOverPlainHttp_IsRefusedUnlessLoopbackTlsOrAllowed(string remote, bool https, bool allowed, bool accepted)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Scheme = https ? "https" : "http";
        var options = new S3Options { AllowCustomerKeysOverHttp = allowed };

        var refusal = Record.Exception(() => CustomerKeyHeader.RequireSecureTransport(context, Headers(), options));

        Assert.Equal(accepted, refusal is null);
        if (refusal is S3Exception refused)
        {
            Assert.Equal(S3Error.InvalidRequest, refused.Error);
        }
    }

    [Fact]
    public void RequireSecureTransport_NoCustomerKey_IsAcceptedOverPlainHttp()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        CustomerKeyHeader.RequireSecureTransport(context, new HeaderDictionary { ["x-amz-server-side-encryption"] = "AES256" }, new S3Options());
    }
}
