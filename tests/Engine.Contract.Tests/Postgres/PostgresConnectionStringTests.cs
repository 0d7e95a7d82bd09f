using Coffer.Engine.Postgres;

namespace Coffer.Engine.Contract.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_FullUri_TakesEveryPart()
    {
        var parsed = PostgresConnectionString.Parse("postgresql://app%40corp:p%3Ass@db.internal:6432/coffer_meta?sslmode=require&application_name=node1");

        Assert.Equal("db.internal", parsed.Host);
        Assert.Equal(6432, parsed.Port);
        Assert.Equal("app@corp", parsed.Username);
        Assert.Equal("p:ss", parsed.Password);
        Assert.Equal("coffer_meta", parsed.Database);
        Assert.Equal(Npgsql.SslMode.Require, parsed.SslMode);
        Assert.Equal("node1", parsed.ApplicationName);
    }

    [Fact]
    public void Parse_PostgresSchemeWithoutPort_LeavesTheDefaultPort()
    {
        var parsed = PostgresConnectionString.Parse("postgres://coffer@localhost/meta");

        Assert.Equal(5432, parsed.Port);
        Assert.Equal("coffer", parsed.Username);
        Assert.Null(parsed.Password);
    }

    [Fact]
    public void Parse_NpgsqlForm_IsTakenAsItIs()
    {
        var parsed = PostgresConnectionString.Parse("Host=10.0.0.5;Port=5433;Username=u;Database=d");

        Assert.Equal("10.0.0.5", parsed.Host);
        Assert.Equal(5433, parsed.Port);
    }

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("postgresql://host/db?no_such_parameter=1")]
    [InlineData("Hots=typo")]
    public void Parse_Malformed_ThrowsFormatException(string value) =>
        Assert.Throws<FormatException>(() => PostgresConnectionString.Parse(value));

    [Fact]
    public void Create_ForAStoresWriters_PoolHoldsThemAndTheReaders()
    {
        using var source = PostgresDataSources.Create("postgresql://coffer@db/coffer", writerConnections: 8);

        Assert.Equal(8 + PostgresDataSources.ReaderConnections, new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public void Create_UriSizesThePool_ItsSizeIsKept()
    {
        using var source = PostgresDataSources.Create("postgresql://coffer@db/coffer?Maximum%20Pool%20Size=40", writerConnections: 8);

        Assert.Equal(40, new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public void Create_UriPoolNoLargerThanTheWriters_IsRefusedInOneLine()
    {
        var refused = Assert.Throws<FormatException>(() => PostgresDataSources.Create("postgresql://coffer@db/coffer?Maximum%20Pool%20Size=8", writerConnections: 8));

        Assert.Contains("leaves no connection for reads", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://coffer:secret@DB:5432/coffer?Timeout=7")]
    [InlineData("Host=db;Port=5432;Username=coffer;Database=coffer")]
    [InlineData("postgres://coffer@db/coffer")]
    public void SameDatabase_SameHostPortDatabaseAndUserWrittenOtherwise_IsTrue(string other) =>
        Assert.True(PostgresConnectionString.SameDatabase("postgresql://coffer@db/coffer", other));

    [Theory]
    [InlineData("postgresql://coffer@db:5433/coffer")]
    [InlineData("postgresql://coffer@db/other")]
    [InlineData("postgresql://admin@db/coffer")]
    [InlineData("postgresql://coffer@db2/coffer")]
    public void SameDatabase_AnotherPortDatabaseUserOrHost_IsFalse(string other) =>
        Assert.False(PostgresConnectionString.SameDatabase("postgresql://coffer@db/coffer", other));
}
