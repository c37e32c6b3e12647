using System.Net.Http.Headers;
using System.Net.Http.Json;
using DigiHelsestasjon.Simulators.Channels;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.IdentityProviders;
using DigiHelsestasjon.Simulators.Krr;
using DigiHelsestasjon.Simulators.Sysvak;

namespace DigiHelsestasjon.Simulators.Host;

/// <summary>Everything but the journals: the issuers, the registers and the channels, the same simulators the platform's demo
/// runs in-process, here once for every platform host that points at this process.</summary>
internal static class NationalSimulators
{
    private static readonly (string Name, IssuerKind Kind)[] Issuers = [("idporten", IssuerKind.Citizen), ("feide", IssuerKind.Pupil), ("helseid", IssuerKind.Staff)];

    /// <summary>The address the issuers put in their tokens (<c>Simulators:BaseUrl</c>, else the first URL listened on): the
    /// platform trusts <c>{it}/simulators/{issuer}</c>, the scheme its own demo uses.</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        (configuration["Simulators:BaseUrl"] ?? configuration["urls"]?.Split(';')[0] ?? "http://localhost:5090").TrimEnd('/')
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);

    public static void AddNationalSimulators(this IServiceCollection services, IConfiguration configuration, Uri platform)
    {
        var baseUrl = BaseUrl(configuration);
        var keyFolder = Path.GetFullPath(Path.Combine(configuration["Simulators:DataFolder"] ?? "data", "simulators"));
        var audience = configuration["Authentication:Audience"] ?? "digihelsestasjon";
        foreach (var (name, kind) in Issuers)
        {
            services.AddKeyedSingleton(name, (_, _) => new SimulatedIssuer(name, kind, baseUrl, keyFolder, audience));
        }

        services.AddSingleton<ContactRegister>();
        services.AddSingleton(sp => new SysvakRegister(sp.GetRequiredService<TimeProvider>()) { HomeOf = HomeOf(sp.GetRequiredService<PopulationRegister>()) });

        // A fixed port (Simulators:Smtp:Port) so the platform hosts can be told where it is; 0 picks a free one (GET /simulators/email/server).
        services.AddSingleton(sp => new SmtpServerSimulator(sp.GetRequiredService<TimeProvider>(), configuration.GetValue("Simulators:Smtp:Port", 0)));
        services.AddHttpClient("sms-reports", http =>
        {
            http.BaseAddress = new Uri(platform.ToString().TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.AddSingleton(sp => new SmsGatewaySimulator(sp.GetRequiredService<TimeProvider>())
        {
            ReportTo = configuration["Notifications:Sms:ReportSecret"] is { Length: > 0 } secret
                ? report => ReportAsync(sp.GetRequiredService<IHttpClientFactory>().CreateClient("sms-reports"), secret, report)
                : null,
        });
    }

    public static void MapNationalSimulators(this WebApplication app)
    {
        app.MapFolkeregisteretSimulator();
        foreach (var (name, _) in Issuers)
        {
            app.MapIdentityProviderSimulator(app.Services.GetRequiredKeyedService<SimulatedIssuer>(name));
        }

        app.MapKrrSimulator(app.Services.GetRequiredService<ContactRegister>());
        app.MapSysvakSimulator(app.Services.GetRequiredService<SysvakRegister>());
        var smtp = app.Services.GetRequiredService<SmtpServerSimulator>();
        app.MapChannelSimulators(app.Services.GetRequiredService<SmsGatewaySimulator>(), smtp);
        app.Logger.LogInformation("Issuers at {BaseUrl}/simulators/{{idporten,feide,helseid}}, SMTP on 127.0.0.1:{SmtpPort}, SMS gateway at /simulators/sms, KRR, SYSVAK and Folkeregisteret under /simulators", BaseUrl(app.Configuration), smtp.Port);
    }

    /// <summary>The gateway's delivery report to the platform's report endpoint, as a real gateway sends it; a 404 (an id the
    /// platform has not saved yet) is "not taken", which the gateway retries a few times.</summary>
    private static async Task<bool> ReportAsync(HttpClient http, string secret, SmsDeliveryReport report)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/notifications/sms/delivery-reports")
        {
            Content = JsonContent.Create(new { gatewayId = report.GatewayId, status = report.Status }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Where a person's synthetic vaccinations were given: the demo municipality the register says they live in.</summary>
    private static Func<string, DemoMunicipality?> HomeOf(PopulationRegister register) =>
        pid => register.Find(pid)?.Kommunenummer is { Length: > 0 } kommunenummer
            ? EpjDemoData.Municipalities.FirstOrDefault(m => m.Kommunenummer == kommunenummer)
            : null;
}
