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
        KnownPatientPid = SyntheticPid.Create(new DateOnly(2016, 5, 17), seed: 1),
        UnknownPatientPid = SyntheticPid.Create(new DateOnly(2012, 1, 3), seed: 2),
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

/// <summary>Synthetic fødselsnummer as Skatteetaten's test data makes them (month + 80, valid control digits): they can
/// never be a real person's number. Made at run time, so no number is written into the code.</summary>
public static class SyntheticPid
{
    private static readonly int[] First = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] Second = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    public static string Create(DateOnly born, int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var digits = $"{born.Day:00}{born.Month + 80:00}{born.Year % 100:00}{random.Next(500, 1000):000}";
            var k1 = Control(digits, First);
            var k2 = k1 == 10 ? 10 : Control(digits + k1, Second);
            if (k1 != 10 && k2 != 10)
            {
                return $"{digits}{k1}{k2}";
            }
        }
    }

    private static int Control(string digits, int[] weights)
    {
        var control = 11 - (weights.Select((w, i) => (digits[i] - '0') * w).Sum() % 11);
        return control == 11 ? 0 : control;
    }
}

public sealed class InProcessConformance(InProcessFixture fixture) : EpjConnectorConformanceTests<InProcessFixture>(fixture);

public sealed class OverHttpConformance(OverHttpFixture fixture) : EpjConnectorConformanceTests<OverHttpFixture>(fixture);
