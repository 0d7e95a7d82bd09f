using System.Collections.Frozen;
using System.Net;

namespace Coffer.Access.Conditions.Operators;

/// <summary>
/// Every base condition operator: whether it is the negation of a positive twin, and how its
/// policy values become a <see cref="ValueMatcher"/>.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
/// </summary>
internal static class OperatorCatalog
{
    public delegate ValueMatcher Builder(ConditionSite site, IReadOnlyList<string> values);

    public sealed record Entry(string Name, bool Negated, Builder Build)
    {
        /// <summary>Null already is a presence test; AWS has no NullIfExists.</summary>
        public bool AllowsIfExists => Name != "Null";
    }

    private static readonly FrozenDictionary<string, Entry> Entries = new Entry[]
    {
        Text("StringEquals", false, TextComparison.Exact),
        Text("StringNotEquals", true, TextComparison.Exact),
        Text("StringEqualsIgnoreCase", false, TextComparison.IgnoreCase),
        Text("StringNotEqualsIgnoreCase", true, TextComparison.IgnoreCase),
        Text("StringLike", false, TextComparison.Like),
        Text("StringNotLike", true, TextComparison.Like),
        Text("ArnEquals", false, TextComparison.Arn),
        Text("ArnLike", false, TextComparison.Arn),
        Text("ArnNotEquals", true, TextComparison.Arn),
        Text("ArnNotLike", true, TextComparison.Arn),
        Numeric("NumericEquals", false, Comparison.Equal),
        Numeric("NumericNotEquals", true, Comparison.Equal),
        Numeric("NumericLessThan", false, Comparison.LessThan),
        Numeric("NumericLessThanEquals", false, Comparison.LessThanEquals),
        Numeric("NumericGreaterThan", false, Comparison.GreaterThan),
        Numeric("NumericGreaterThanEquals", false, Comparison.GreaterThanEquals),
        Date("DateEquals", false, Comparison.Equal),
        Date("DateNotEquals", true, Comparison.Equal),
        Date("DateLessThan", false, Comparison.LessThan),
        Date("DateLessThanEquals", false, Comparison.LessThanEquals),
        Date("DateGreaterThan", false, Comparison.GreaterThan),
        Date("DateGreaterThanEquals", false, Comparison.GreaterThanEquals),
        Address("IpAddress", false),
        Address("NotIpAddress", true),
        new("Bool", false, static (site, values) => Parsed<bool, bool>(
            site, values, "boolean", ValueParsing.TryParseBool, ValueParsing.TryParseBool, static (request, policy) => request == policy)),
        new("BinaryEquals", false, static (site, values) => Parsed<byte[], byte[]>(
            site, values, "base64", ValueParsing.TryParseBase64, ValueParsing.TryParseBase64, static (request, policy) => request.AsSpan().SequenceEqual(policy))),
        new("Null", false, static (site, values) => new NullCheck(ValueParsing.ParseAll<bool>(site, values, "boolean", ValueParsing.TryParseBool))),
    }.ToFrozenDictionary(entry => entry.Name, StringComparer.OrdinalIgnoreCase);

    public static Entry? Find(string baseName) => Entries.GetValueOrDefault(baseName);

    private static Entry Text(string name, bool negated, TextComparison comparison) =>
        new(name, negated, (site, values) => TextMatcher.Create(site, values, comparison));

    private static Entry Numeric(string name, bool negated, Comparison comparison) =>
        new(name, negated, (site, values) => Parsed<decimal, decimal>(
            site, values, "numeric", ValueParsing.TryParseNumber, ValueParsing.TryParseNumber, (request, policy) => comparison.Holds(request.CompareTo(policy))));

    private static Entry Date(string name, bool negated, Comparison comparison) =>
        new(name, negated, (site, values) => Parsed<DateTimeOffset, DateTimeOffset>(
            site, values, "date", ValueParsing.TryParseDate, ValueParsing.TryParseDate, (request, policy) => comparison.Holds(request.CompareTo(policy))));

    private static Entry Address(string name, bool negated) =>
        new(name, negated, static (site, values) => Parsed<IPNetwork, IPAddress>(
            site, values, "IP address or CIDR", ValueParsing.TryParseNetwork, ValueParsing.TryParseAddress, static (request, policy) => policy.Contains(request)));

    private static ParsedMatcher<TPolicy, TRequest> Parsed<TPolicy, TRequest>(
        ConditionSite site,
        IReadOnlyList<string> values,
        string type,
        ValueParser<TPolicy> parsePolicy,
        ValueParser<TRequest> parseRequest,
        Func<TRequest, TPolicy, bool> relation) =>
        new(ValueParsing.ParseAll(site, values, type, parsePolicy), parseRequest, relation);
}
