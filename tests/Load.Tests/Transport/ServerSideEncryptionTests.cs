using System.Net;

using Coffer.Bench.Load.Transport;

namespace Coffer.Load.Tests.Transport;

public class ServerSideEncryptionTests
{
    [Fact]
    public void CheckAnswer_SseS3AnsweredWithAes256_Passes()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("x-amz-server-side-encryption", "AES256");

        ServerSideEncryption.SseS3.CheckAnswer("PUT", "k", response);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("aws:kms")]
    public void CheckAnswer_SseS3AnsweredWithoutAes256_Fails(string? said)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        if (said is not null)
        {
            response.Headers.Add("x-amz-server-side-encryption", said);
        }

        var failure = Assert.Throws<LoadFailure>(() => ServerSideEncryption.SseS3.CheckAnswer("PUT", "k", response));

        Assert.Contains(said ?? "missing", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAnswer_NothingAskedFor_ChecksNothing()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        ServerSideEncryption.None.CheckAnswer("PUT", "k", response);

        Assert.Null(ServerSideEncryption.None.WriteHeaders);
    }
}
