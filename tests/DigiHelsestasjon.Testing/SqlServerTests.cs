using Xunit;

namespace DigiHelsestasjon.Testing;

/// <summary>Live SQL Server tests run only where a server is named: no SQL Server engine can run on the machines the
/// platform is built on (no Docker, no Debian package). Unnamed, they are reported as skipped with this reason, never as
/// passed; what can be checked without a server (the scripted schema, the claim statement) runs always.</summary>
public static class SqlServerTests
{
    public const string Variable = "DIGIHELSESTASJON_TEST_SQLSERVER";

    public const string SkipReason =
        "SKIPPED: no SQL Server named. Set " + Variable + " to a server where the login may create databases (for example "
        + "\"Server=localhost;User Id=sa;Password=...;TrustServerCertificate=true\") to run the live SQL Server tests.";

    public static string? Named => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string Server => Named ?? throw new InvalidOperationException(SkipReason);
}

/// <summary>A fact that needs a live SQL Server: skipped, with the reason, when none is named.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (SqlServerTests.Named is null)
        {
            Skip = SqlServerTests.SkipReason;
        }
    }
}
