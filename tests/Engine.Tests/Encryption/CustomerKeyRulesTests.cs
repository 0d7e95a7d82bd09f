using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Encryption;

public class CustomerKeyRulesTests
{
    private static readonly CustomerKey Key = new(RandomNumberGenerator.GetBytes(32));

    private static readonly CustomerKey Other = new(RandomNumberGenerator.GetBytes(32));

    private static readonly ObjectAttributes SseC = new() { Encryption = CustomerKeyRules.For(Key) };

    private static EngineError Refusal(Action action) => Assert.Throws<EngineException>(action).Code;

    [Fact]
    public void Check_OfAKey_MatchesItAndNoOther()
    {
        var check = CustomerKeyCheck.New(Key);

        Assert.True(CustomerKeyCheck.Matches(Key, check));
        Assert.False(CustomerKeyCheck.Matches(Other, check));
        Assert.False(CustomerKeyCheck.Matches(Key, check.AsSpan(1)));
    }

    [Fact]
    public void Check_OfTheSameKeyTwice_HasFreshSaltsAndNeitherHoldsTheKey()
    {
        var first = CustomerKeyCheck.New(Key);
        var second = CustomerKeyCheck.New(Key);

        Assert.NotEqual(first, second);
        Assert.False(first.AsSpan().IndexOf(Key.Bytes) >= 0);
    }

    [Fact]
    public void Wrapper_OfTheSameKeyAndCheck_OpensWhatItWrapped_AndAnotherKeyDoesNot()
    {
        var check = CustomerKeyCheck.New(Key);
        var dataKey = BlobKeys.NewDataKey();
        byte[] wrapped;
        using (var wrapper = CustomerKeyCheck.Wrapper(Key, check))
        {
            wrapped = wrapper.Wrap(dataKey, "blob"u8);
        }

        using var again = CustomerKeyCheck.Wrapper(Key, check);
        using var other = CustomerKeyCheck.Wrapper(Other, check);

        Assert.Equal(CustomerKeyCheck.WrappingKeyId, DataKeyWrapper.ReadKeyId(wrapped));
        Assert.Equal(dataKey, again.Unwrap(wrapped, "blob"u8));
        Assert.Throws<KeyUnwrapException>(() => other.Unwrap(wrapped, "blob"u8));
    }

    [Fact]
    public void RequireForRead_FollowsS3()
    {
        CustomerKeyRules.RequireForRead(SseC, Key);
        CustomerKeyRules.RequireForRead(ObjectAttributes.Default, null);

        Assert.Equal(EngineError.InvalidRequest, Refusal(() => CustomerKeyRules.RequireForRead(SseC, null)));
        Assert.Equal(EngineError.WrongCustomerKey, Refusal(() => CustomerKeyRules.RequireForRead(SseC, Other)));
        Assert.Equal(EngineError.InvalidRequest, Refusal(() => CustomerKeyRules.RequireForRead(ObjectAttributes.Default, Key)));
    }

    [Fact]
    public void RequireForPart_CompletionMayOmitTheKeyButNotGiveAnother()
    {
        CustomerKeyRules.RequireForPart(SseC, null, optional: true);

        Assert.Equal(EngineError.InvalidRequest, Refusal(() => CustomerKeyRules.RequireForPart(SseC, null)));
        Assert.Equal(EngineError.WrongCustomerKey, Refusal(() => CustomerKeyRules.RequireForPart(SseC, Other, optional: true)));
    }
}
