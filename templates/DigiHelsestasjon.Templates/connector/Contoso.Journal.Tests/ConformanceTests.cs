using Contoso.Journal;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.Epj.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Contoso.Journal.Tests;

/// <summary>The kit against the connector in-process. Test people are synthetic: never a real fødselsnummer.</summary>
public class InProcessFixture : EpjConformanceFixture
{
    public InMemoryJournal Journal { get; } = new(TimeProvider.System);

    protected override ConformancePatients Patients { get; } = new()
    {
        KnownPatientPid = "17051600123",
        UnknownPatientPid = "03011200456",
        UnitHerId = "8000001",
    };

    protected override IEpjTestJournal? TestJournal => Journal;

    public override async Task InitializeAsync()
    {
        // The journal's messages to the platform go to the kit's stand-in for the platform.
        Journal.ConnectTo(Platform);
        Journal.RegisterPatient(Patients.KnownPatientPid);
        await base.InitializeAsync();
    }

    protected override Task<IEpjConnector> CreateConnectorAsync() => Task.FromResult<IEpjConnector>(new JournalConnector(Journal));
}

/// <summary>The same connector behind its signed HTTP endpoint, called as the platform calls it.</summary>
public sealed class OverHttpFixture : InProcessFixture
{
    private const string InstallationId = "test-installation";
    private const string Secret = "a-test-secret-of-at-least-32-bytes-long";
    private WebApplication? app;

    protected override async Task<IEpjConnector> CreateConnectorAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        app = builder.Build();
        app.MapEpjConnector(new JournalConnector(Journal), id => id == InstallationId ? Secret : null);
        await app.StartAsync();
        var http = app.GetTestClient();
        http.BaseAddress = new Uri("http://localhost/epj/");
        return new HttpEpjConnector(http, new EpjInstallationCredentials { InstallationId = InstallationId, SharedSecret = Secret });
    }

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class InProcessConformance(InProcessFixture fixture) : EpjConnectorConformanceTests<InProcessFixture>(fixture);

public sealed class OverHttpConformance(OverHttpFixture fixture) : EpjConnectorConformanceTests<OverHttpFixture>(fixture);
