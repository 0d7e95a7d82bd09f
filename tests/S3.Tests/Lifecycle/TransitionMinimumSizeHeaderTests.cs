using Coffer.Engine.Lifecycle;
using Coffer.S3.Errors;
using Coffer.S3.Lifecycle;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Lifecycle;

public class TransitionMinimumSizeHeaderTests
{
    [Theory]
    [InlineData(null, TransitionMinimumSize.AllStorageClasses128K)]
    [InlineData("all_storage_classes_128K", TransitionMinimumSize.AllStorageClasses128K)]
    [InlineData("varies_by_storage_class", TransitionMinimumSize.VariesByStorageClass)]
    public void Read_KnownValueOrNone_IsTheChoice(string? value, TransitionMinimumSize expected)
    {
        var headers = new HeaderDictionary();
        if (value is not null)
        {
            headers[TransitionMinimumSizeHeader.Name] = value;
        }

        Assert.Equal(expected, TransitionMinimumSizeHeader.Read(headers));
    }

    [Fact]
    public void Read_OtherValue_IsInvalidArgument()
    {
        var headers = new HeaderDictionary { [TransitionMinimumSizeHeader.Name] = "all_storage_classes_64K" };

        Assert.Equal("InvalidArgument", Assert.Throws<S3Exception>(() => TransitionMinimumSizeHeader.Read(headers)).Error.Code);
    }

    [Theory]
    [InlineData(TransitionMinimumSize.AllStorageClasses128K, "all_storage_classes_128K")]
    [InlineData(TransitionMinimumSize.VariesByStorageClass, "varies_by_storage_class")]
    public void Write_IsS3sName(TransitionMinimumSize size, string expected)
    {
        var headers = new HeaderDictionary();

        TransitionMinimumSizeHeader.Write(headers, size);

        Assert.Equal(expected, headers[TransitionMinimumSizeHeader.Name].ToString());
    }
}
