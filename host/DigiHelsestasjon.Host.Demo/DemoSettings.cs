using DigiHelsestasjon.EpjIntegration.National;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The settings the demo needs, filled in where the configuration leaves them unset (an explicit setting always
/// wins), so <c>dotnet run</c> on a fresh clone needs no set-up. Settings of its own: <c>Simulators:BaseUrl</c>,
/// <c>Simulators:DataFolder</c>, <c>Simulators:EpjTransport</c>, <c>Simulators:Epj:&lt;vendor&gt;:*</c>, <c>Simulators:Smtp:Port</c>.</summary>
internal static class DemoSettings
{
    /// <summary><c>Simulators:HostUrl</c>: the simulators host (simulators/DigiHelsestasjon.Simulators.Host) serves every
    /// simulator for this host and its siblings behind a load balancer; this host runs none of its own. Null: in-process.</summary>
    public static string? SimulatorsHost(IConfiguration configuration) =>
        configuration["Simulators:HostUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null;

    /// <summary>Where the simulated issuers say they live: <c>Simulators:BaseUrl</c>, else the simulators host, else the first
    /// URL the host listens on.</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        (configuration["Simulators:BaseUrl"] ?? SimulatorsHost(configuration) ?? configuration["Urls"]?.Split(';')[0] ?? "http://localhost:5080").TrimEnd('/').Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);

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

        UseSimulatorsHost(configuration);

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

    /// <summary>With a simulators host, each port's production adapter is pointed at it over HTTP (an explicit setting
    /// wins), and the demo then makes no in-process simulator for that port (DemoExtensions).</summary>
    private static void UseSimulatorsHost(IConfiguration configuration)
    {
        if (SimulatorsHost(configuration) is not { } host)
        {
            return;
        }

        configuration["Identity:PopulationRegister:BaseUrl"] ??= $"{host}/simulators/folkeregisteret";
        configuration["Notifications:Krr:BaseUrl"] ??= $"{host}/simulators/krr";
        configuration["Notifications:Sms:BaseUrl"] ??= $"{host}/simulators/sms";
        configuration["HealthRecords:Sysvak:BaseUrl"] ??= $"{host}/simulators/sysvak";
        configuration["Simulators:EpjTransport"] ??= "http";

        // The simulators host's gateway sends its delivery reports to the platform's report endpoint with this secret.
        configuration["Notifications:Sms:ReportSecret"] ??= "demo-sms-report-secret-for-the-simulator-only";

        // Its SMTP listener is on a fixed port (Simulators:Smtp:Port on both sides), without TLS.
        if (configuration["Notifications:Smtp:Host"] is null)
        {
            configuration["Notifications:Smtp:Host"] = new Uri(host).Host;
            configuration["Notifications:Smtp:Port"] = configuration["Simulators:Smtp:Port"] ?? "2525";
            configuration["Notifications:Smtp:EnableSsl"] = "false";
        }
    }
}
