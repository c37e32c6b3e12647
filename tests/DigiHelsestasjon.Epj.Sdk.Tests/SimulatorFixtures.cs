using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.Testing;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>A simulator as a vendor would supply it to the kit: in-process, the journal is the connector.</summary>
public abstract class InProcessSimulatorFixture(VendorProfile profile) : EpjConformanceFixture
{
    private static readonly Random Random = new(4601);

    public SimulatedJournal Journal { get; } = new(profile, EpjDemoData.For(profile.Vendor).Units.Select(u => u.ForJournal).ToList(), TimeProvider.System);

    protected override ConformancePatients Patients { get; } = new()
    {
        KnownPatientPid = SyntheticFodselsnummer.Create(new DateOnly(2016, 5, 17), Random),
        UnknownPatientPid = SyntheticFodselsnummer.Create(new DateOnly(2012, 1, 3), Random),
        UnitHerId = EpjDemoData.For(profile.Vendor).Units[0].HerId,
    };

    protected override IEpjTestJournal? TestJournal => Journal;

    public override async Task InitializeAsync()
    {
        Journal.ConnectTo(Platform);
        Journal.RegisterPatients([Patients.KnownPatientPid]);
        await base.InitializeAsync();
    }

    protected override Task<IEpjConnector> CreateConnectorAsync() => Task.FromResult<IEpjConnector>(Journal);
}

/// <summary>The same simulator hosting its connector over HTTP; the kit talks to it with the SDK's <see cref="HttpEpjConnector"/>.</summary>
public abstract class HttpSimulatorFixture(VendorProfile profile) : InProcessSimulatorFixture(profile)
{
    public const string InstallationId = "conformance-test";
    private const string Secret = "a-shared-secret-of-at-least-32-bytes!!";
    private WebApplication? app;

    protected override async Task<IEpjConnector> CreateConnectorAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        app = builder.Build();
        app.MapEpjSimulator(Journal, id => id == InstallationId ? Secret : null, TimeProvider.System);
        await app.StartAsync();
        var http = app.GetTestClient();
        http.BaseAddress = new Uri($"http://localhost/simulators/epj/{Journal.Profile.Vendor}/connector/");
        return new HttpEpjConnector(http, new EpjInstallationCredentials { InstallationId = InstallationId, SharedSecret = Secret });
    }

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

public sealed class VismaInProcess() : InProcessSimulatorFixture(VendorProfile.Visma);

public sealed class InfoDocInProcess() : InProcessSimulatorFixture(VendorProfile.InfoDoc);

public sealed class CgmInProcess() : InProcessSimulatorFixture(VendorProfile.Cgm);

public sealed class VismaOverHttp() : HttpSimulatorFixture(VendorProfile.Visma);

public sealed class InfoDocOverHttp() : HttpSimulatorFixture(VendorProfile.InfoDoc);

public sealed class CgmOverHttp() : HttpSimulatorFixture(VendorProfile.Cgm);

public sealed class VismaInProcessConformance(VismaInProcess fixture) : EpjConnectorConformanceTests<VismaInProcess>(fixture);

public sealed class InfoDocInProcessConformance(InfoDocInProcess fixture) : EpjConnectorConformanceTests<InfoDocInProcess>(fixture);

public sealed class CgmInProcessConformance(CgmInProcess fixture) : EpjConnectorConformanceTests<CgmInProcess>(fixture);

public sealed class VismaOverHttpConformance(VismaOverHttp fixture) : EpjConnectorConformanceTests<VismaOverHttp>(fixture);

public sealed class InfoDocOverHttpConformance(InfoDocOverHttp fixture) : EpjConnectorConformanceTests<InfoDocOverHttp>(fixture);

public sealed class CgmOverHttpConformance(CgmOverHttp fixture) : EpjConnectorConformanceTests<CgmOverHttp>(fixture);
