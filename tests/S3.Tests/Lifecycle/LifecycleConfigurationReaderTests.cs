using System.Xml.Linq;

using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.S3.Errors;
using Coffer.S3.Lifecycle;

namespace Coffer.S3.Tests.Lifecycle;

public class LifecycleConfigurationReaderTests
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static LifecycleConfiguration Read(string rules) =>
        LifecycleConfigurationReader.Read(XElement.Parse($"<LifecycleConfiguration xmlns=\"{Namespace}\">{rules}</LifecycleConfiguration>"), TransitionMinimumSize.AllStorageClasses128K);

    private static LifecycleRule ReadRule(string rule) => Assert.Single(Read($"<Rule>{rule}</Rule>").Rules);

    /// <summary>What PutBucketLifecycleConfiguration answers for the rules: the reader's shape check, then the engine's rules.</summary>
    private static (string Code, string Message) Refusal(string rules)
    {
        try
        {
            LifecycleValidation.Check(Read(rules));
        }
        catch (S3Exception refused)
        {
            return (refused.Error.Code, refused.Message);
        }
        catch (EngineException refused)
        {
            var error = EngineErrors.ToS3(refused);
            return (error.Error.Code, error.Message);
        }

        throw new Xunit.Sdk.XunitException("The configuration was accepted.");
    }

    private static string Rule(string body, string id = "r") => $"<Rule><ID>{id}</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>{body}</Rule>";

    [Fact]
    public void Read_EveryElement_IsKept()
    {
        var rule = ReadRule(
            "<ID>all</ID><Filter><And><Prefix>p/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>99</ObjectSizeLessThan></And></Filter>"
            + "<Status>Disabled</Status><Expiration><Days>400</Days></Expiration>"
            + "<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition><Transition><Days>90</Days><StorageClass>GLACIER</StorageClass></Transition>"
            + "<NoncurrentVersionExpiration><NoncurrentDays>200</NoncurrentDays><NewerNoncurrentVersions>5</NewerNoncurrentVersions></NoncurrentVersionExpiration>"
            + "<NoncurrentVersionTransition><NoncurrentDays>40</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions><StorageClass>DEEP_ARCHIVE</StorageClass></NoncurrentVersionTransition>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>");

        Assert.Equal("all", rule.Id);
        Assert.False(rule.Enabled);
        Assert.Equal(LifecycleFilterShape.And, rule.Filter.Shape);
        Assert.Equal("p/", rule.Filter.Prefix);
        Assert.Equal([new Engine.Model.Tag("k", "v")], rule.Filter.Tags);
        Assert.Equal(1, rule.Filter.ObjectSizeGreaterThan);
        Assert.Equal(99, rule.Filter.ObjectSizeLessThan);
        Assert.Equal(400, rule.Expiration?.Days);
        Assert.Equal([new LifecycleTransition(30, null, "STANDARD_IA"), new LifecycleTransition(90, null, "GLACIER")], rule.Transitions);
        Assert.Equal(new NoncurrentVersionExpiration(200, 5), rule.NoncurrentVersionExpiration);
        Assert.Equal([new NoncurrentVersionTransition(40, 2, "DEEP_ARCHIVE")], rule.NoncurrentVersionTransitions);
        Assert.Equal(7, rule.AbortIncompleteMultipartUploadDays);
    }

    [Theory]
    [InlineData("<Prefix>a/</Prefix>", LifecycleFilterShape.RulePrefix, "a/")]
    [InlineData("<Filter></Filter>", LifecycleFilterShape.EmptyFilter, "")]
    [InlineData("<Filter><Prefix>b/</Prefix></Filter>", LifecycleFilterShape.Prefix, "b/")]
    [InlineData("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>", LifecycleFilterShape.Tag, "")]
    [InlineData("<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter>", LifecycleFilterShape.ObjectSizeGreaterThan, "")]
    [InlineData("<Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>", LifecycleFilterShape.ObjectSizeLessThan, "")]
    public void Read_FilterForms_KeepTheirShape(string filter, LifecycleFilterShape shape, string prefix)
    {
        var rule = ReadRule($"<ID>r</ID>{filter}<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>");

        Assert.Equal(shape, rule.Filter.Shape);
        Assert.Equal(prefix, rule.Filter.Prefix);
    }

    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("2030-01-01T00:00:00.000Z")]
    [InlineData("2030-01-01T01:00:00+01:00")]
    public void Read_Date_IsReadAsUtc(string date)
    {
        var rule = ReadRule($"<ID>r</ID><Prefix/><Status>Enabled</Status><Expiration><Date>{date}</Date></Expiration>");

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), rule.Expiration?.Date);
        LifecycleValidation.Check(new LifecycleConfiguration { Rules = [rule] });
    }

    [Fact]
    public void Read_RuleWithoutId_GetsOneMadeUp()
    {
        var rules = Read("<Rule><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule><Rule><ID></ID><Prefix>b/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>").Rules;

        Assert.All(rules, rule => Assert.False(string.IsNullOrEmpty(rule.Id)));
        Assert.NotEqual(rules[0].Id, rules[1].Id);
    }

    [Theory]
    [InlineData("enabled")]
    [InlineData("disabled")]
    [InlineData("invalid")]
    [InlineData("")]
    public void Refusal_UnknownStatus_IsMalformedXml(string status)
    {
        Assert.Equal("MalformedXML", Refusal($"<Rule><ID>r</ID><Prefix/><Status>{status}</Status><Expiration><Days>1</Days></Expiration></Rule>").Code);
    }

    [Theory]
    [InlineData("<Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>")]
    [InlineData("<Expiration></Expiration>")]
    [InlineData("<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>")]
    [InlineData("<Expiration><Date>2030-01-01T00:00:00Z</Date><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>")]
    [InlineData("<Expiration><Days>one</Days></Expiration>")]
    [InlineData("<Expiration><Date>20200101</Date></Expiration>")]
    [InlineData("<Expiration><Days>1</Days><Hours>1</Hours></Expiration>")]
    [InlineData("<Transition><Days>30</Days><Date>2030-01-01T00:00:00Z</Date><StorageClass>GLACIER</StorageClass></Transition>")]
    [InlineData("<Transition><StorageClass>GLACIER</StorageClass></Transition>")]
    [InlineData("<Transition><Days>30</Days></Transition>")]
    [InlineData("<Transition><Days>30</Days><StorageClass>STANDARD</StorageClass></Transition>")]
    [InlineData("<Transition><Days>30</Days><StorageClass>REDUCED_REDUNDANCY</StorageClass></Transition>")]
    [InlineData("<Transition><Days>30</Days><StorageClass>FROZEN</StorageClass></Transition>")]
    [InlineData("<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>STANDARD</StorageClass></NoncurrentVersionTransition>")]
    [InlineData("<NoncurrentVersionExpiration><NewerNoncurrentVersions>1</NewerNoncurrentVersions></NoncurrentVersionExpiration>")]
    [InlineData("<AbortIncompleteMultipartUpload></AbortIncompleteMultipartUpload>")]
    [InlineData("<Expiration><Days>1</Days></Expiration><Expiration><Days>2</Days></Expiration>")]
    [InlineData("<Unknown/>")]
    public void Refusal_BadActionShape_IsMalformedXml(string actions)
    {
        Assert.Equal("MalformedXML", Refusal(Rule(actions)).Code);
    }

    [Theory]
    [InlineData("<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter>")]
    [InlineData("<Filter><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></Filter>")]
    [InlineData("<Filter><And></And></Filter>")]
    [InlineData("<Prefix>a</Prefix><Filter><Prefix>a</Prefix></Filter>")]
    [InlineData("")]
    [InlineData("<Filter><Tag><Key>k</Key></Tag></Filter>")]
    public void Refusal_ConflictingOrMissingFilter_IsMalformedXml(string filter)
    {
        Assert.Equal("MalformedXML", Refusal($"<Rule><ID>r</ID>{filter}<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>").Code);
    }

    [Theory]
    [InlineData("<LifecycleConfiguration/>")]
    [InlineData("<LifecycleConfiguration><Other/></LifecycleConfiguration>")]
    [InlineData("<CORSConfiguration/>")]
    public void Read_BadDocument_IsMalformedXml(string document)
    {
        var refused = Assert.Throws<S3Exception>(() => LifecycleConfigurationReader.Read(XElement.Parse(document), TransitionMinimumSize.AllStorageClasses128K));

        Assert.Equal("MalformedXML", refused.Error.Code);
    }

    [Fact]
    public void Refusal_IdLongerThan255_IsInvalidArgument()
    {
        Assert.Equal(("InvalidArgument", "ID length should not exceed allowed limit of 255"), Refusal(Rule("<Expiration><Days>1</Days></Expiration>", new string('a', 256))));
    }

    [Fact]
    public void Refusal_SameIdTwice_IsInvalidArgument()
    {
        var rule = Rule("<Expiration><Days>1</Days></Expiration>", "same");

        Assert.Equal(("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule"), Refusal(rule + rule));
    }

    [Fact]
    public void Refusal_MoreThan1000Rules_IsInvalidArgument()
    {
        var rules = string.Concat(Enumerable.Range(0, 1001).Select(i => Rule("<Expiration><Days>1</Days></Expiration>", $"r{i}")));

        Assert.Equal(("InvalidArgument", "The number of lifecycle rules must not exceed the allowed limit of 1000 rules"), Refusal(rules));
    }

    [Fact]
    public void Refusal_RuleWithoutAction_IsInvalidRequest()
    {
        Assert.Equal(("InvalidRequest", "At least one action needs to be specified in a rule"), Refusal(Rule("")));
    }

    [Theory]
    [InlineData("<Expiration><Days>0</Days></Expiration>", "'Days' for Expiration action must be a positive integer")]
    [InlineData("<Expiration><Days>-1</Days></Expiration>", "'Days' for Expiration action must be a positive integer")]
    [InlineData("<Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>", "'Date' must be at midnight GMT")]
    [InlineData("<Transition><Date>2030-01-01T00:00:01Z</Date><StorageClass>GLACIER</StorageClass></Transition>", "'Date' must be at midnight GMT")]
    [InlineData("<Transition><Days>-1</Days><StorageClass>GLACIER</StorageClass></Transition>", "'Days' in Transition action must be a nonnegative integer")]
    [InlineData("<NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>", "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer")]
    [InlineData("<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration>", "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer up to 100")]
    [InlineData("<AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload>", "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer")]
    public void Refusal_DayOrDateOutOfRange_IsInvalidArgument(string actions, string message)
    {
        Assert.Equal(("InvalidArgument", message), Refusal(Rule(actions)));
    }

    [Theory]
    [InlineData("STANDARD_IA")]
    [InlineData("ONEZONE_IA")]
    public void Refusal_InfrequentAccessBeforeDay30_IsInvalidArgument(string storageClass)
    {
        Assert.Equal(
            ("InvalidArgument", $"'Days' in Transition action must be greater than or equal to 30 for storageClass '{storageClass}'"),
            Refusal(Rule($"<Transition><Days>29</Days><StorageClass>{storageClass}</StorageClass></Transition>")));
        Assert.Equal(
            ("InvalidArgument", $"'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 for storageClass '{storageClass}'"),
            Refusal(Rule($"<NoncurrentVersionTransition><NoncurrentDays>29</NoncurrentDays><StorageClass>{storageClass}</StorageClass></NoncurrentVersionTransition>")));
    }

    [Fact]
    public void Refusal_SameClassTwice_IsInvalidArgument()
    {
        Assert.Equal(
            ("InvalidArgument", "'StorageClass' must be different for 'Transition' actions in same 'Rule' with filter '(prefix=logs/)'"),
            Refusal(Rule("<Transition><Days>10</Days><StorageClass>GLACIER</StorageClass></Transition><Transition><Days>20</Days><StorageClass>GLACIER</StorageClass></Transition>")));
    }

    [Fact]
    public void Refusal_TransitionAtOrAfterExpiration_IsInvalidArgument()
    {
        Assert.Equal(
            ("InvalidArgument", "'Days' in the Expiration action for filter '(prefix=logs/)' must be greater than 'Days' in the Transition action"),
            Refusal(Rule("<Expiration><Days>90</Days></Expiration><Transition><Days>90</Days><StorageClass>GLACIER</StorageClass></Transition>")));
        Assert.Equal(
            ("InvalidArgument", "'Date' in the Expiration action for filter '(prefix=logs/)' must be later than 'Date' in the Transition action"),
            Refusal(Rule("<Expiration><Date>2030-01-01</Date></Expiration><Transition><Date>2030-02-01</Date><StorageClass>GLACIER</StorageClass></Transition>")));
    }

    [Fact]
    public void Refusal_TransitionsUpTheWaterfall_IsInvalidArgument()
    {
        Assert.Equal(
            ("InvalidArgument", "'Days' in the Transition action for StorageClass 'STANDARD_IA' for filter '(prefix=logs/)' must be later than 'Days' in the Transition action for StorageClass 'GLACIER'"),
            Refusal(Rule("<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition><Transition><Days>60</Days><StorageClass>STANDARD_IA</StorageClass></Transition>")));
    }

    [Fact]
    public void Refusal_LessThan30DaysInInfrequentAccess_IsInvalidArgument()
    {
        Assert.Equal(
            ("InvalidArgument", "'Days' in the Transition action for StorageClass 'GLACIER' for filter '(prefix=logs/)' must be 30 days more than 'Days' in the Transition action for StorageClass 'STANDARD_IA'"),
            Refusal(Rule("<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition><Transition><Days>59</Days><StorageClass>GLACIER</StorageClass></Transition>")));
    }

    [Fact]
    public void Refusal_DaysMixedWithDates_IsInvalidRequest()
    {
        Assert.Equal(
            ("InvalidRequest", "Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule for filter '(prefix=logs/)'"),
            Refusal(Rule("<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition><Transition><Date>2030-01-01</Date><StorageClass>DEEP_ARCHIVE</StorageClass></Transition>")));
        Assert.Equal(
            ("InvalidRequest", "Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule for filter '(prefix=logs/)'"),
            Refusal(Rule("<Expiration><Days>300</Days></Expiration><Transition><Date>2030-01-01</Date><StorageClass>GLACIER</StorageClass></Transition>")));
    }

    [Theory]
    [InlineData("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>")]
    [InlineData("<Filter><And><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter>")]
    public void Refusal_TagFilterWithDeleteMarkerOrAbort_IsInvalidArgument(string filter)
    {
        Assert.Equal(
            ("InvalidArgument", "ExpiredObjectDeleteMarker cannot be specified with tags."),
            Refusal($"<Rule><ID>r</ID>{filter}<Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>"));
        Assert.Equal(
            ("InvalidArgument", "AbortIncompleteMultipartUpload cannot be specified with Tags."),
            Refusal($"<Rule><ID>r</ID>{filter}<Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"));
    }

    [Theory]
    [InlineData("<ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>10</ObjectSizeLessThan>", "'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'")]
    [InlineData("<ObjectSizeGreaterThan>11</ObjectSizeGreaterThan><ObjectSizeLessThan>10</ObjectSizeLessThan>", "'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'")]
    [InlineData("<ObjectSizeGreaterThan>-1</ObjectSizeGreaterThan>", "'ObjectSizeGreaterThan' should be a non-negative integer")]
    [InlineData("<ObjectSizeLessThan>0</ObjectSizeLessThan>", "'ObjectSizeLessThan' should be a positive integer")]
    public void Refusal_BadSizeRange_IsInvalidArgument(string sizes, string message)
    {
        Assert.Equal(("InvalidArgument", message), Refusal($"<Rule><ID>r</ID><Filter><And>{sizes}</And></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"));
    }

    [Fact]
    public void Refusal_DuplicateTagKeys_IsInvalidRequest()
    {
        Assert.Equal(
            ("InvalidRequest", "Duplicate Tag Keys are not allowed."),
            Refusal("<Rule><ID>r</ID><Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></And></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"));
    }

    [Fact]
    public void Check_TransitionsDownTheWaterfallBeforeExpiration_IsAccepted()
    {
        LifecycleValidation.Check(Read(Rule(
            "<Expiration><Days>400</Days></Expiration><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>"
            + "<Transition><Days>90</Days><StorageClass>GLACIER_IR</StorageClass></Transition><Transition><Days>60</Days><StorageClass>INTELLIGENT_TIERING</StorageClass></Transition>"
            + "<Transition><Days>180</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition>")));
    }
}
