using Coffer.Engine.Errors;
using Coffer.S3.Errors;

namespace Coffer.S3.Tests;

public sealed class EngineErrorsTests
{
    // Refusals a client must retry rather than take for the call's failure: a 503, never a 500.
    [Theory]
    [InlineData(EngineError.MetadataMoved)]
    [InlineData(EngineError.MetadataUnavailable)]
    public void ToS3_MetadataStoreGoneForAMoment_IsServiceUnavailable503(EngineError code)
    {
        var error = EngineErrors.ToS3(new EngineException(code)).Error;

        Assert.Equal(("ServiceUnavailable", 503), (error.Code, error.StatusCode));
    }
}
