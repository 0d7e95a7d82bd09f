using System.Text;

using Coffer.Iam.Query;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Tests.Query;

/// <summary>The Query protocol's documents, byte for byte, and its parameter lists.</summary>
public sealed class QueryDocumentTests
{
    private const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task WriteAsync_Result_IsWrappedInResponseAndResult()
    {
        var (status, body) = await AnswerAsync(c => QueryResponseWriter.WriteAsync(c, Ns, "GetUser", xml => xml.WriteElementString("UserName", "a&b"), "r1"));

        Assert.Equal(200, status);
        Assert.Equal(
            """<?xml version="1.0" encoding="utf-8"?><GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><UserName>a&amp;b</UserName></GetUserResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetUserResponse>""",
            body);
    }

    [Fact]
    public async Task WriteAsync_NoResult_HasOnlyMetadata()
    {
        var (_, body) = await AnswerAsync(c => QueryResponseWriter.WriteAsync(c, Ns, "DeleteUser", null, "r1"));

        Assert.EndsWith("""<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DeleteUserResponse>""", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Error_HasTypeCodeMessageAndRequestId()
    {
        var (status, body) = await AnswerAsync(c => QueryErrorWriter.WriteAsync(c, Ns, new QueryException("NoSuchEntity", 404, "gone"), "r2"));

        Assert.Equal(404, status);
        Assert.EndsWith(
            """<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>gone</Message></Error><RequestId>r2</RequestId></ErrorResponse>""",
            body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteErrorAsync_ErrorBeforeTheEndpoint_IsIamsErrorDocument()
    {
        var (status, body) = await AnswerAsync(c => IamEndpoint.WriteErrorAsync(c, "SignatureDoesNotMatch", "bad signature", 403, "r3"));

        Assert.Equal(403, status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error><RequestId>r3</RequestId>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void MemberList_ReadsMembersInIndexOrder()
    {
        var parameters = new QueryParameters(new Dictionary<string, string>
        {
            ["PolicyArns.member.2.arn"] = "b",
            ["PolicyArns.member.1.arn"] = "a",
            ["ClientIDList.member.10"] = "ten",
            ["ClientIDList.member.2"] = "two",
            ["ClientIDList.member.x"] = "ignored",
        });

        Assert.Equal(["two", "ten"], parameters.MemberList("ClientIDList"));
        Assert.Equal(["a", "b"], parameters.MemberStructures("PolicyArns").Select(s => s["arn"]));
    }

    [Fact]
    public void Required_Missing_IsMissingParameter()
    {
        var error = Assert.Throws<QueryException>(() => new QueryParameters(new Dictionary<string, string> { ["UserName"] = "" }).Required("UserName"));

        Assert.Equal(("MissingParameter", 400), (error.Code, error.StatusCode));
    }

    private static async Task<(int Status, string Body)> AnswerAsync(Func<HttpContext, Task> write)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await write(context);
        Assert.Equal("text/xml", context.Response.ContentType);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
