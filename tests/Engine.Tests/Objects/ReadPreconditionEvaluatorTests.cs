using Coffer.Engine.Objects;

namespace Coffer.Engine.Tests.Objects;

public class ReadPreconditionEvaluatorTests
{
    private const string ETag = "\"abc\"";
    private static readonly DateTimeOffset Modified = new(2026, 1, 10, 12, 0, 0, 500, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Modified.AddDays(-1);
    private static readonly DateTimeOffset After = Modified.AddDays(1);

    public static TheoryData<string, ReadPreconditions, PreconditionOutcome> Cases => new()
    {
        { "none", ReadPreconditions.None, PreconditionOutcome.Proceed },
        { "if-match equal", new() { IfMatch = "\"abc\"" }, PreconditionOutcome.Proceed },
        { "if-match unquoted", new() { IfMatch = "abc" }, PreconditionOutcome.Proceed },
        { "if-match star", new() { IfMatch = "*" }, PreconditionOutcome.Proceed },
        { "if-match list", new() { IfMatch = "\"zzz\", \"abc\"" }, PreconditionOutcome.Proceed },
        { "if-match differs", new() { IfMatch = "\"zzz\"" }, PreconditionOutcome.Failed },
        { "if-none-match equal", new() { IfNoneMatch = ETag }, PreconditionOutcome.NotModified },
        { "if-none-match differs", new() { IfNoneMatch = "\"zzz\"" }, PreconditionOutcome.Proceed },
        { "if-modified-since before", new() { IfModifiedSince = Before }, PreconditionOutcome.Proceed },
        { "if-modified-since after", new() { IfModifiedSince = After }, PreconditionOutcome.NotModified },
        { "if-modified-since same second", new() { IfModifiedSince = Modified.AddMilliseconds(-500) }, PreconditionOutcome.NotModified },
        { "if-unmodified-since before", new() { IfUnmodifiedSince = Before }, PreconditionOutcome.Failed },
        { "if-unmodified-since after", new() { IfUnmodifiedSince = After }, PreconditionOutcome.Proceed },
        // S3: If-Match true and If-Unmodified-Since false → 200.
        { "if-match wins over if-unmodified-since", new() { IfMatch = ETag, IfUnmodifiedSince = Before }, PreconditionOutcome.Proceed },
        // S3: If-None-Match false and If-Modified-Since true → 304? No: If-None-Match decides alone → 200.
        { "if-none-match wins over if-modified-since", new() { IfNoneMatch = "\"zzz\"", IfModifiedSince = After }, PreconditionOutcome.Proceed },
        { "412 outranks 304", new() { IfMatch = "\"zzz\"", IfNoneMatch = ETag }, PreconditionOutcome.Failed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Case_GivesS3Outcome(string name, ReadPreconditions conditions, PreconditionOutcome expected)
    {
        Assert.True(expected == ReadPreconditionEvaluator.Evaluate(conditions, ETag, Modified), name);
    }
}
