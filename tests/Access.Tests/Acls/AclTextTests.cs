using Coffer.Access.Acls;

namespace Coffer.Access.Tests.Acls;

public class AclTextTests
{
    private const string Owner = "1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public void Parse_OfFormat_GivesTheSameGrantsInOrder()
    {
        var acl = new AccessControlList(Owner, [.. AclEvaluatorTests.Grants("READ all;FULL_CONTROL owner;WRITE_ACP other;WRITE logdelivery;READ_ACP authenticated")]);

        Assert.Equal(acl, AclText.Parse(AclText.Format(acl.Grants), Owner));
    }

    [Fact]
    public void Parse_Null_IsTheDefaultAcl()
    {
        Assert.Equal(AccessControlList.Default(Owner), AclText.Parse(null, Owner));
    }

    [Fact]
    public void Parse_EmptyText_IsAnAclWithoutGrants()
    {
        Assert.Empty(AclText.Parse("", Owner).Grants);
    }

    [Theory]
    [InlineData("READ")]
    [InlineData("read id x")]
    [InlineData("READ uri http://example.com/group")]
    [InlineData("READ email a@b.c")]
    public void Parse_TextNotWrittenByFormat_Throws(string text)
    {
        Assert.Throws<FormatException>(() => AclText.Parse(text, Owner));
    }
}
