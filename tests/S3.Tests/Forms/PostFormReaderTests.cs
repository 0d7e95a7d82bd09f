using System.Text;

using Coffer.S3.Errors;
using Coffer.S3.Forms;

namespace Coffer.S3.Tests.Forms;

public class PostFormReaderTests
{
    private const string Boundary = "----coffer-test-boundary";
    private const string ContentType = "multipart/form-data; boundary=" + Boundary;

    private static MemoryStream Body(params (string Name, string Value, string? FileName)[] parts)
    {
        var text = new StringBuilder();
        foreach (var (name, value, fileName) in parts)
        {
            text.Append("--").Append(Boundary).Append("\r\n");
            text.Append("Content-Disposition: form-data; name=\"").Append(name).Append('"');
            if (fileName is not null)
            {
                text.Append("; filename=\"").Append(fileName).Append('"');
            }

            text.Append("\r\n\r\n").Append(value).Append("\r\n");
        }

        text.Append("--").Append(Boundary).Append("--\r\n");
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task ReadAsync_FieldsThenFile_GivesFieldsCaseInsensitivelyAndStreamsTheFile()
    {
        var form = await PostFormReader.ReadAsync(
            Body(("Key", "uploads/${filename}", null), ("x-amz-meta-Color", "réd", null), ("file", "hello", "a.txt"), ("after", "ignored", null)),
            ContentType,
            CancellationToken.None);

        Assert.Equal("uploads/${filename}", form.Field("key"));
        Assert.Equal("réd", form.Field("X-AMZ-META-COLOR"));
        Assert.Null(form.Field("after"));
        Assert.Equal("a.txt", form.FileName);
        Assert.Equal("hello", await ReadAllAsync(form.File));
    }

    [Fact]
    public async Task ReadAsync_NoFilePart_IsInvalidArgumentNamingFile()
    {
        var error = await Assert.ThrowsAsync<S3Exception>(() => PostFormReader.ReadAsync(Body(("key", "a", null)), ContentType, CancellationToken.None));

        Assert.Equal("InvalidArgument", error.Error.Code);
        Assert.Equal("POST requires exactly one file upload per request.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_FieldsBeyondTwentyKilobytes_IsMaxPostPreDataLengthExceeded()
    {
        var body = Body(("key", "a", null), ("x-amz-meta-big", new string('x', PostFormReader.MaxFieldBytes), null), ("file", "x", "f"));

        var error = await Assert.ThrowsAsync<S3Exception>(() => PostFormReader.ReadAsync(body, ContentType, CancellationToken.None));

        Assert.Equal("MaxPostPreDataLengthExceededError", error.Error.Code);
    }

    [Fact]
    public async Task ReadAsync_BodyThatIsNotAForm_IsMalformedPostRequest()
    {
        var body = new MemoryStream(Encoding.UTF8.GetBytes("key=a&file=b"));

        var error = await Assert.ThrowsAsync<S3Exception>(() => PostFormReader.ReadAsync(body, ContentType, CancellationToken.None));

        Assert.Equal("MalformedPOSTRequest", error.Error.Code);
    }

    [Fact]
    public async Task FileStream_FormCutOffInsideTheFile_IsMalformedPostRequest()
    {
        var body = new MemoryStream(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\npartial file"));
        var form = await PostFormReader.ReadAsync(body, ContentType, CancellationToken.None);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(form.File));

        Assert.Equal("MalformedPOSTRequest", error.Error.Code);
    }

    [Theory]
    [InlineData(0, 4, "EntityTooLarge")]
    [InlineData(6, 100, "EntityTooSmall")]
    public async Task FileStream_SizeOutsideTheRange_FailsBeforeTheEndIsReported(long min, long max, string code)
    {
        var form = await PostFormReader.ReadAsync(Body(("file", "hello", "f")), ContentType, CancellationToken.None);
        form.File.Range = new ContentLengthRange(min, max);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(form.File));

        Assert.Equal(code, error.Error.Code);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=abc", true)]
    [InlineData("Multipart/Form-Data; boundary=\"abc\"", true)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/mixed; boundary=abc", false)]
    [InlineData(null, false)]
    public void IsMultipartForm_ContentType_TellsWhetherABucketPostIsAnUpload(string? contentType, bool expected)
    {
        Assert.Equal(expected, PostFormReader.IsMultipartForm(contentType));
    }
}
