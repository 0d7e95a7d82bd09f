using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Tagging;

namespace Coffer.S3.Tests.Tagging;

public class TaggingDocumentTests
{
    [Fact]
    public void Parse_TagSet_GivesTheTagsInKeyOrder()
    {
        var document = XElement.Parse("""
            <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <TagSet>
                <Tag><Key>project</Key><Value>blue</Value></Tag>
                <Tag><Value></Value><Key>empty</Key></Tag>
              </TagSet>
            </Tagging>
            """);

        Assert.Equal([new Tag("empty", ""), new Tag("project", "blue")], TaggingDocument.Parse(document, TagSetOwner.ObjectVersion).Tags);
    }

    [Fact]
    public void Write_Tags_GivesS3sShapeThatParsesBackToTheSameSet()
    {
        var tags = TagSet.Create([new Tag("project", "blue"), new Tag("note", "a\r\nb c")], TagSetOwner.ObjectVersion);
        var text = new System.Text.StringBuilder();
        using (var xml = System.Xml.XmlWriter.Create(text, new System.Xml.XmlWriterSettings { OmitXmlDeclaration = true, NewLineHandling = System.Xml.NewLineHandling.Entitize }))
        {
            TaggingDocument.Write(xml, tags);
        }

        Assert.StartsWith("""<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>note</Key>""", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(tags, TaggingDocument.ParseText(text.ToString(), TagSetOwner.ObjectVersion));
    }

    [Fact]
    public void Write_EmptySet_GivesAnEmptyTagSet()
    {
        var text = new System.Text.StringBuilder();
        using (var xml = System.Xml.XmlWriter.Create(text, new System.Xml.XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            TaggingDocument.Write(xml, TagSet.Empty);
        }

        Assert.Equal("""<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet /></Tagging>""", text.ToString());
    }

    [Theory]
    [InlineData("<Tags><TagSet/></Tags>")]
    [InlineData("<Tagging/>")]
    [InlineData("<Tagging><TagSet/><TagSet/></Tagging>")]
    [InlineData("<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging><TagSet><Tag><Key>k</Key><Key>l</Key><Value>v</Value></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value><Extra/></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging><TagSet><Label><Key>k</Key><Value>v</Value></Label></TagSet></Tagging>")]
    public void Parse_AnotherShape_IsMalformedXml(string xml)
    {
        var refused = Assert.Throws<S3Exception>(() => TaggingDocument.Parse(XElement.Parse(xml), TagSetOwner.ObjectVersion));

        Assert.Equal("MalformedXML", refused.Error.Code);
    }

    [Fact]
    public void Parse_EmptyBody_IsMalformedXml()
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => TaggingDocument.ParseText("", TagSetOwner.ObjectVersion)).Error.Code);
    }

    [Fact]
    public void Parse_ElevenTagsOnAnObjectButNotOnABucket_IsInvalidTag()
    {
        var eleven = "<Tagging><TagSet>" + string.Concat(Enumerable.Range(0, 11).Select(i => $"<Tag><Key>k{i}</Key><Value>v</Value></Tag>")) + "</TagSet></Tagging>";

        var refused = Assert.Throws<S3Exception>(() => TaggingDocument.ParseText(eleven, TagSetOwner.ObjectVersion));

        Assert.Equal(("InvalidTag", "Object tags cannot be greater than 10"), (refused.Error.Code, refused.Message));
        Assert.Equal(11, TaggingDocument.ParseText(eleven, TagSetOwner.Bucket).Count);
    }
}
