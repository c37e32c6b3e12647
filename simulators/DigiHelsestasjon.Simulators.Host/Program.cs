using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.Host;

// dotnet run --project simulators/DigiHelsestasjon.Simulators.Host -- --platform http://localhost:5080 [--urls http://localhost:5090]
//   [--Simulators:BaseUrl <address the issuers name>] [--Simulators:Smtp:Port 2525] [--Notifications:Sms:ReportSecret <secret>]
// Every simulator is served (docs/simulators.md); --national true, which once added Folkeregisteret, is still accepted.
// Each journal signs with its installation's secret: Epj:Installations:{installationId}:SharedSecret, the same key the
// platform reads. Without one, the demo installation and its demo secret are used (as the platform's simulators do).
var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["platform"] is not { Length: > 0 } platform || !Uri.TryCreate(platform, UriKind.Absolute, out var platformUri))
{
    await Console.Error.WriteLineAsync("usage: DigiHelsestasjon.Simulators.Host --platform <the platform's base address> [--urls http://localhost:5090] [--national true]");
    return 2;
}

if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://localhost:5090");
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new PopulationRegister(sp.GetRequiredService<TimeProvider>()));
builder.Services.AddNationalSimulators(builder.Configuration, platformUri);
var app = builder.Build();

var time = app.Services.GetRequiredService<TimeProvider>();
var register = app.Services.GetRequiredService<PopulationRegister>();
var journals = new List<SimulatedJournal>();
foreach (var municipality in EpjDemoData.Municipalities)
{
    var vendor = municipality.Vendor.Vendor;
    var installation = app.Configuration[$"Journals:{vendor}:InstallationId"] ?? EpjDemoData.DemoInstallationId(vendor);
    var secret = app.Configuration[$"Epj:Installations:{installation}:SharedSecret"]
        ?? (installation == EpjDemoData.DemoInstallationId(vendor) ? EpjDemoData.DemoSecret(vendor) : null)
        ?? throw new InvalidOperationException($"No shared secret for installation {installation}: set Epj:Installations:{installation}:SharedSecret.");
    var journal = new SimulatedJournal(municipality.Vendor.Configured(key => app.Configuration[$"Journals:{vendor}:{key}"]), municipality.Units.Select(u => u.ForJournal).ToList(), time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"journal.{vendor}"));
    journal.ConnectTo(new EpjPlatformClient(new HttpClient { BaseAddress = new Uri(platformUri.ToString().TrimEnd('/') + "/") },
        new EpjInstallationCredentials { InstallationId = installation, SharedSecret = secret }, time));
    journal.RegisterPatients(register.All.Select(p => p.Pid));
    app.MapEpjSimulator(journal, id => id == installation ? secret : null, time);
    journals.Add(journal);
    app.Logger.LogInformation("{Vendor} journal: installation {Installation}, connector at /simulators/epj/{Vendor}/connector/, publishing to {Platform}", vendor, installation, vendor, platformUri);
}

app.MapNationalSimulators();

app.MapGet("/health/live", () => Results.Ok());
app.MapGet("/", () => Results.Ok(new
{
    platform = platformUri,
    issuers = new[] { "idporten", "feide", "helseid" }.Select(name => $"{NationalSimulators.BaseUrl(app.Configuration)}/simulators/{name}"),
    smtp = new { host = "127.0.0.1", port = app.Services.GetRequiredService<DigiHelsestasjon.Simulators.Channels.SmtpServerSimulator>().Port },
    journals = journals.Select(j => new { vendor = j.Profile.Vendor, controlApi = $"/simulators/epj/{j.Profile.Vendor}", connector = $"/simulators/epj/{j.Profile.Vendor}/connector/" }),
}));
await app.RunAsync();
return 0;
