using DigiHelsestasjon.EpjIntegration.National;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The settings the demo needs, filled in where the configuration leaves them unset (an explicit setting always
/// wins), so <c>dotnet run</c> on a fresh clone needs no set-up. Settings of its own: <c>Simulators:BaseUrl</c>,
/// <c>Simulators:DataFolder</c>, <c>Simulators:EpjTransport</c>, <c>Simulators:Epj:&lt;vendor&gt;:*</c>, <c>Simulators:Smtp:Port</c>.</summary>
internal static class DemoSettings
{
    /// <summary>Where the simulated issuers say they live: <c>Simulators:BaseUrl</c>, else the first URL the host listens on.</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        (configuration["Simulators:BaseUrl"] ?? configuration["Urls"]?.Split(';')[0] ?? "http://localhost:5080").TrimEnd('/').Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);

    /// <summary>The simulated issuers' signing keys and the national bus's test certificates.</summary>
    public static string KeyFolder(IConfiguration configuration) =>
        Path.GetFullPath(Path.Combine(configuration["Simulators:DataFolder"] ?? "data", "simulators"));

    public static void FillIn(IConfiguration configuration, IEnumerable<(string Name, string Kind)> issuers)
    {
        // The simulated issuers are trusted as any configured issuer is; one configured under the same name wins.
        var baseUrl = BaseUrl(configuration);
        foreach (var (name, kind) in issuers)
        {
            var issuer = $"Authentication:Issuers:{name}";
            if (configuration[$"{issuer}:Issuer"] is null)
            {
                configuration[$"{issuer}:Issuer"] = $"{baseUrl}/simulators/{name}";
                configuration[$"{issuer}:Kind"] = kind;
                configuration[$"{issuer}:RequireHttpsMetadata"] = "false";
            }
        }

        // The simulated journals answer on this host's own (loopback) address.
        configuration["Epj:AllowLocalJournalAddresses"] ??= "true";

        // Simulators:EpjTransport=amqp: a demo HER-id, test certificates, the local broker.
        if (configuration["Simulators:EpjTransport"] == NationalTransportNames.Amqp)
        {
            configuration["Epj:National:Broker"] ??= "amqp://guest:guest@127.0.0.1:5672";
            configuration["Epj:National:HerId"] ??= "8140100";
            configuration["Epj:National:CreateTestCertificates"] ??= "true";
            configuration["Epj:National:CertificateFolder"] ??= Path.Combine(KeyFolder(configuration), "national");
        }
    }
}
