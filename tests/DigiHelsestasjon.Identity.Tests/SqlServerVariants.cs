// The shared test sets' SQL Server variants ([NeedsSqlServer]) are reported as skipped, with the reason, when no server is named.
[assembly: Xunit.TestFramework("DigiHelsestasjon.Testing.PlatformTestFramework", "DigiHelsestasjon.Testing")]
