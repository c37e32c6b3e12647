using Contoso.Journal;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;

// The connector as a service: the platform calls /epj/{operation}, signed with the installation's shared secret
// (Epj:Installations:<id>:SharedSecret). What the journal sends the platform goes to Epj:Platform:BaseAddress, signed as
// Epj:Platform:InstallationId with that installation's secret.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var journal = new InMemoryJournal(TimeProvider.System);
if (app.Configuration["Epj:Platform:BaseAddress"] is { Length: > 0 } platform && app.Configuration["Epj:Platform:InstallationId"] is { Length: > 0 } installation)
{
    var secret = app.Configuration[$"Epj:Installations:{installation}:SharedSecret"]
        ?? throw new InvalidOperationException($"Set Epj:Installations:{installation}:SharedSecret.");
    journal.ConnectTo(new EpjPlatformClient(
        new HttpClient { BaseAddress = new Uri(platform.TrimEnd('/') + "/") }, new EpjInstallationCredentials { InstallationId = installation, SharedSecret = secret }));
}

// The in-memory journal knows nobody until told; your journal knows its patients.
foreach (var pid in app.Configuration.GetSection("Journal:Patients").Get<string[]>() ?? [])
{
    journal.RegisterPatient(pid);
}

app.MapEpjConnector(new JournalConnector(journal), installationId => app.Configuration[$"Epj:Installations:{installationId}:SharedSecret"]);
app.Run();

/// <summary>For the tests' WebApplicationFactory.</summary>
public partial class Program;
