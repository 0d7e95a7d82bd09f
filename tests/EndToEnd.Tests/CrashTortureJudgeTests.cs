using System.Security.Cryptography;

using Coffer.Torture;
using Coffer.Torture.Model;
using Coffer.Torture.Verification;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The crash torture's rule for one key, on its own: a torture run that can only pass proves
/// nothing, so each way a key can go wrong after a crash must be caught and named.
/// </summary>
public class CrashTortureJudgeTests
{
    private static readonly ObjectContent First = Content(10, "PutObject #1");
    private static readonly ObjectContent Second = Content(20, "PutObject #2");

    private const string KmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11";

    [Fact]
    public void Judge_AcknowledgedContentReadBack_IsVerified()
    {
        var key = KeyHolding(First);
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(First), report);

        Assert.True(report.Passed);
        Assert.Equal(1, report.Get(Figure.ObjectReadBack));
    }

    [Fact]
    public void Judge_InFlightOverwriteLandedWhole_IsAcceptedAndSettled()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(Second, "PutObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(Second), report);

        Assert.True(report.Passed);
        Assert.Equal(1, report.Get(Figure.InFlightLanded));
        Assert.Same(Second, key.Acknowledged);
        Assert.Null(key.InFlight);
    }

    [Fact]
    public void Judge_InFlightDeleteNotLanded_IsAccepted()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(null, "DeleteObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(First), report);

        Assert.True(report.Passed);
        Assert.Equal(1, report.Get(Figure.InFlightNotLanded));
    }

    [Fact]
    public void Judge_AcknowledgedWriteGone_IsLost()
    {
        var key = KeyHolding(First);
        var report = new TortureReport();

        KeyJudge.Judge(key, null, report);

        Assert.Equal(ViolationKind.Lost, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_OlderStateAfterAcknowledgedOverwrite_IsLost()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(Second, "PutObject"));
        key.Acknowledge();
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(First), report);

        Assert.Contains("older state", Assert.Single(report.Violations).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_AcknowledgedDeleteUndone_IsLost()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(null, "DeleteObject"));
        key.Acknowledge();
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(First), report);

        Assert.Equal(ViolationKind.Lost, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_TruncatedInFlightBody_IsExposed()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(Second, "PutObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, new FoundObject(Second.Length / 2, "0000", Second.ETag), report);

        Assert.Equal(ViolationKind.Exposed, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_RightBytesWrongETag_IsExposed()
    {
        var key = KeyHolding(First);
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(First) with { ETag = Second.ETag }, report);

        Assert.Equal(ViolationKind.Exposed, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_SealedContentReadBackSealedSo_IsVerifiedForItsKind()
    {
        var sealedWrite = First with { Sealing = Sealing.SseKms(KmsKeyArn) };
        var key = KeyHolding(sealedWrite);
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(sealedWrite) with { Sealing = Sealing.SseKms(KmsKeyArn) }, report);

        Assert.True(report.Passed);
        Assert.Equal((1, 1, 0), (report.Get(Figure.ObjectReadBack), report.Get(Figure.SseKmsVerified), report.Get(Figure.SseS3Verified)));
    }

    [Theory]
    [InlineData("plaintext")]
    [InlineData("SSE-S3")]
    [InlineData("another KMS key")]
    [InlineData("SSE-C")]
    public void Judge_RightBytesSealedOtherwiseThanWritten_IsUnsealed(string found)
    {
        var key = KeyHolding(First with { Sealing = Sealing.SseKms(KmsKeyArn) });
        var report = new TortureReport();
        var sealing = found switch
        {
            "plaintext" => Sealing.None,
            "SSE-S3" => Sealing.SseS3,
            "another KMS key" => Sealing.SseKms(KmsKeyArn.Replace("1111", "2222", StringComparison.Ordinal)),
            _ => Sealing.SseC,
        };

        KeyJudge.Judge(key, Found(First) with { Sealing = sealing }, report);

        Assert.Equal(ViolationKind.Unsealed, Assert.Single(report.Violations).Kind);
        Assert.Equal(0, report.Get(Figure.ObjectReadBack));
    }

    [Fact]
    public void Judge_InFlightSseCOverwriteLandedButStoredPlain_IsUnsealed()
    {
        var key = KeyHolding(First);
        key.Begin(new Attempt(Second with { Sealing = Sealing.SseC }, "PutObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(Second), report);

        Assert.Equal(ViolationKind.Unsealed, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_InFlightRewriteOfTheSameBytesSealedOtherwiseThatLanded_IsAccepted()
    {
        var empty = ObjectContent.OfPut([], "PutObject #1");
        var key = KeyHolding(empty);
        var resealed = ObjectContent.OfPut([], "PutObject #2") with { Sealing = Sealing.SseS3 };
        key.Begin(new Attempt(resealed, "PutObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(resealed) with { Sealing = Sealing.SseS3 }, report);

        Assert.True(report.Passed, report.Summary());
        Assert.Same(resealed, key.Acknowledged);
    }

    [Fact]
    public void Judge_SameBytesSealedAsNeitherTheAcknowledgedNorTheInFlightWrite_IsUnsealed()
    {
        var empty = ObjectContent.OfPut([], "PutObject #1");
        var key = KeyHolding(empty);
        key.Begin(new Attempt(ObjectContent.OfPut([], "PutObject #2") with { Sealing = Sealing.SseS3 }, "PutObject"));
        var report = new TortureReport();

        KeyJudge.Judge(key, Found(empty) with { Sealing = Sealing.SseKms(KmsKeyArn) }, report);

        Assert.Equal(1, report.Count(ViolationKind.Unsealed));
    }

    private static KeyModel KeyHolding(ObjectContent content)
    {
        var key = new KeyModel("b", "k");
        key.Begin(new Attempt(content, "PutObject"));
        key.Acknowledge();
        return key;
    }

    private static ObjectContent Content(int size, string origin) => ObjectContent.OfPut(RandomNumberGenerator.GetBytes(size), origin);

    private static FoundObject Found(ObjectContent content) => new(content.Length, content.Sha256, content.ETag);
}
