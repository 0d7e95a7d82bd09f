using System.Globalization;
using System.Text;

using Coffer.S3.Errors;
using Coffer.TestKit;

using FsCheck;
using FsCheck.Fluent;

using Xunit.Abstractions;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// The aws-chunked decoder, through the authenticator that opens it, on bodies framed by the test
/// kit's own encoder: random payloads, chunk sizes, trailers and read sizes, in the three streaming
/// modes; then the same bodies altered, cut short, or given chunk sizes at the edges of a long.
/// Whatever happens, the decoder never hands out more bytes than x-amz-decoded-content-length, and a
/// signed body is either refused or decoded exactly as it was signed.
/// </summary>
[Trait("Category", "Fuzz")]
public class AwsChunkedFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<ChunkedCase> Bodies =
        from mode in Gen.Elements(Mode.Signed, Mode.SignedWithTrailer, Mode.UnsignedWithTrailer)
        from length in Gen.Frequency((8, Gen.Choose(0, 2_000)), (1, Gen.Choose(2_000, 70_000)))
        from seed in Gen.Choose(0, int.MaxValue)
        from chunkLengths in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 64)), (2, Gen.Choose(1, 20_000))), n))
        from trailers in Trailers(mode)
        from readSizes in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Frequency((2, Gen.Choose(1, 8)), (1, Gen.Choose(1, 40_000))), n))
        from outerRead in Gen.Frequency((1, Gen.Choose(1, 16)), (2, Gen.Choose(1, 100_000)))
        select new ChunkedCase(mode, Payload(length, seed), chunkLengths, trailers, readSizes, outerRead);

    private enum Mode
    {
        Signed,
        SignedWithTrailer,
        UnsignedWithTrailer,
    }

    [Fact]
    public void Decode_OfEncodedPayloads_GivesBackThePayloadAndTrailers()
    {
        FuzzBudget.Run("aws-chunked-roundtrip", Arb.From(Bodies), Check, output.WriteLine);

        static void Check(ChunkedCase c)
        {
            var (data, trailers, decodedLength) = c.Decode(c.Body());

            Assert.Equal(c.Payload, data);
            Assert.Equal(c.Trailers.ToDictionary(t => t.Name, t => t.Value), trailers);
            Assert.Equal(c.Payload.Length, decodedLength);
        }
    }

    [Fact]
    public void Decode_OfAlteredBodies_RefusesOrDecodesWhatWasSigned()
    {
        var cases =
            from c in Bodies
            from altered in FuzzInputs.Mutated(c.Body())
            select (c, altered);

        FuzzBudget.Run("aws-chunked-tamper", Arb.From(cases), Check, output.WriteLine);

        static void Check((ChunkedCase Case, byte[] Altered) c)
        {
            c.Case.RefusesOrDecodesExactly(c.Altered, unsignedMayDiffer: true);
        }
    }

    [Fact]
    public void Decode_OfTruncatedBodies_RefusesOrLostNothing()
    {
        var cases =
            from c in Bodies
            from cut in Gen.Choose(0, c.Body().Length - 1)
            select (c, cut);

        FuzzBudget.Run("aws-chunked-truncate", Arb.From(cases), Check, output.WriteLine);

        static void Check((ChunkedCase Case, int Cut) c)
        {
            c.Case.RefusesOrDecodesExactly(c.Case.Body()[..c.Cut], unsignedMayDiffer: false);
        }
    }

    [Fact]
    public void Decode_OfChunkSizesAtTheEdges_NeverExceedsTheDeclaredLength()
    {
        // Frames whose declared size may disagree with the data that follows, up to 16 hex digits.
        var frames = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(
            from size in Gen.Frequency((2, Gen.Choose(0, 300).Select(i => (long)i)), (1, FuzzInputs.Count))
            from actual in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 300)))
            from spelling in Gen.Elements("x", "X", "x16")
            select new Frame(size, actual, spelling),
            n));
        var cases =
            from f in frames
            from declared in Gen.Frequency((2, Gen.Choose(0, 600).Select(i => (long?)i)), (1, Gen.Constant((long?)null)))
            from readSizes in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 400), n))
            select new HostileCase(f, declared, readSizes);

        var shrinking = Arb.From(cases, c => Enumerable.Range(0, c.Frames.Length)
            .Where(_ => c.Frames.Length > 1)
            .Select(i => c with { Frames = [.. c.Frames[..i], .. c.Frames[(i + 1)..]] }));

        FuzzBudget.Run("aws-chunked-sizes", shrinking, Check, output.WriteLine);

        static void Check(HostileCase c)
        {
            var (headers, _) = StreamingHeaders("STREAMING-UNSIGNED-PAYLOAD-TRAILER", c.Declared ?? 0, trailer: null);
            headers.RemoveAll(h => h.Item1 == "x-amz-decoded-content-length" && c.Declared is null);
            var context = Request("PUT", "/bucket/key", headers);
            context.Request.Body = new TricklingStream(c.Body(), c.ReadSizes);
            try
            {
                var result = Authenticator(ExampleTime).AuthenticateAsync(context, CancellationToken.None).GetAwaiter().GetResult();
                var data = ReadAll(result.Body, 8192, c.Declared);
                Assert.Equal(c.ExpectedData(), data);
                Assert.True(c.Declared is null || c.Declared == data.Length);
            }
            catch (S3Exception)
            {
                // Refused, which is always allowed; what matters is what was handed out before.
            }
        }
    }

    private static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static Gen<(string Name, string Value)[]> Trailers(Mode mode) =>
        mode == Mode.Signed
            ? Gen.Constant(Array.Empty<(string, string)>())
            : Gen.SubListOf("x-amz-checksum-crc32", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha256", "x-amz-meta-note")
                .SelectMany(names => Gen.CollectToArray(names, name =>
                    Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements("AZaz09+/=:-_.".ToCharArray()), n))
                        .Select(chars => (name, new string(chars)))));

    /// <summary>
    /// Reads <paramref name="body"/> to its end in reads of <paramref name="readSize"/>, checking after
    /// every read that no more than <paramref name="declared"/> bytes have come out.
    /// </summary>
    private static byte[] ReadAll(Stream body, int readSize, long? declared)
    {
        var all = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = body.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) > 0)
        {
            all.Write(buffer, 0, read);
            Assert.True(declared is null || all.Length <= declared, $"{all.Length} bytes decoded of {declared} declared");
        }

        return all.ToArray();
    }

    private sealed record ChunkedCase(Mode Mode, byte[] Payload, int[] ChunkLengths, (string Name, string Value)[] Trailers, int[] ReadSizes, int OuterRead)
    {
        private byte[]? _body;
        private List<(string, string)>? _headers;

        public byte[] Body()
        {
            if (_body is null)
            {
                var (headers, seed) = StreamingHeaders(ContentSha256, Payload.Length, Mode == Mode.Signed ? null : string.Join(',', Trailers.Select(t => t.Name)));
                _headers = headers;
                _body = ChunkedBody(Mode == Mode.UnsignedWithTrailer ? null : seed, Chunks(), Mode == Mode.Signed ? null : Trailers);
            }

            return _body;
        }

        private string ContentSha256 => Mode switch
        {
            Mode.Signed => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            Mode.SignedWithTrailer => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            _ => "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        };

        public (byte[] Data, Dictionary<string, string> Trailers, long? DecodedLength) Decode(byte[] body)
        {
            Body();
            var context = Request("PUT", "/bucket/key", _headers!);
            context.Request.Body = new TricklingStream(body, ReadSizes);
            var result = Authenticator(ExampleTime).AuthenticateAsync(context, CancellationToken.None).GetAwaiter().GetResult();
            var data = ReadAll(result.Body, OuterRead, Payload.Length);
            return (data, new Dictionary<string, string>(result.Trailers), result.DecodedContentLength);
        }

        /// <summary>
        /// <paramref name="body"/> must be refused with an S3 error, or decode to the payload and trailers
        /// that were signed. Unsigned chunks carry nothing that could tell altered data from the original,
        /// so for them (when <paramref name="unsignedMayDiffer"/>) only the length promise is held to.
        /// </summary>
        public void RefusesOrDecodesExactly(byte[] body, bool unsignedMayDiffer)
        {
            (byte[] Data, Dictionary<string, string> Trailers, long? DecodedLength) decoded;
            try
            {
                decoded = Decode(body);
            }
            catch (S3Exception)
            {
                return;
            }

            if (Mode == Mode.UnsignedWithTrailer && unsignedMayDiffer)
            {
                Assert.Equal(Payload.Length, decoded.Data.Length);
                return;
            }

            Assert.Equal(Payload, decoded.Data);
            var signed = Trailers.ToDictionary(t => t.Name, t => t.Value);
            if (Mode == Mode.UnsignedWithTrailer)
            {
                // Nothing signs unsigned trailers, and the closing empty line is optional (as in S3), so a
                // body cut just after a trailer line reads as one without the later trailers. What arrives
                // must still be exact; PutObject refuses a body whose declared (x-amz-trailer) checksum is
                // missing, and HTTP framing (Content-Length) refuses a body shorter than announced.
                Assert.All(decoded.Trailers, t => Assert.Equal(signed[t.Key], t.Value));
                return;
            }

            Assert.Equal(signed, decoded.Trailers);
        }

        public override string ToString() =>
            $"{Mode}, {Payload.Length} bytes in chunks of [{string.Join(",", ChunkLengths)}], trailers [{string.Join(", ", Trailers.Select(t => t.Name + ":" + t.Value))}], "
            + $"reads of [{string.Join(",", ReadSizes)}] then {OuterRead}";

        private IEnumerable<byte[]> Chunks()
        {
            var offset = 0;
            for (var i = 0; offset < Payload.Length; i++)
            {
                var length = Math.Min(ChunkLengths[i % ChunkLengths.Length], Payload.Length - offset);
                yield return Payload[offset..(offset + length)];
                offset += length;
            }
        }
    }

    /// <param name="Size">The size the chunk header declares.</param>
    /// <param name="Actual">How many data bytes follow it; -1 for exactly <paramref name="Size"/>.</param>
    /// <param name="Spelling">Lower-case hex, upper-case hex, or zero-padded to 16 digits.</param>
    private sealed record Frame(long Size, int Actual, string Spelling)
    {
        public int DataLength => Actual >= 0 ? Actual : (int)Math.Min(Size, 300);

        public string Header => Spelling == "x16"
            ? Size.ToString("x16", CultureInfo.InvariantCulture)
            : Size.ToString(Spelling, CultureInfo.InvariantCulture);
    }

    private sealed record HostileCase(Frame[] Frames, long? Declared, int[] ReadSizes)
    {
        public byte[] Body()
        {
            var body = new MemoryStream();
            var fill = (byte)'a';
            foreach (var frame in Frames.Where(f => f.Size != 0))
            {
                body.Write(Encoding.ASCII.GetBytes(frame.Header + "\r\n"));
                body.Write(Enumerable.Repeat(fill++, frame.DataLength).ToArray());
                body.Write("\r\n"u8);
            }

            body.Write("0\r\n\r\n"u8);
            return body.ToArray();
        }

        /// <summary>What an accepted body can only be: every frame's data, each exactly its declared size.</summary>
        public byte[] ExpectedData()
        {
            var fill = (byte)'a';
            return [.. Frames.Where(f => f.Size != 0).SelectMany(f => Enumerable.Repeat(fill++, f.DataLength))];
        }

        public override string ToString() =>
            $"frames [{string.Join(", ", Frames.Select(f => $"{f.Header} with {f.DataLength} bytes"))}], declared {Declared?.ToString(CultureInfo.InvariantCulture) ?? "none"}, reads [{string.Join(",", ReadSizes)}]";
    }
}
