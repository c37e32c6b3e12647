using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk.Testing;
using DigiHelsestasjon.EpjIntegration.Outbound;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.EpjIntegration.Operations;

/// <summary>"Acceptance test before production": the SDK's conformance kit against a municipality's
/// configured connections. Test patients come from <c>Epj:Acceptance:KnownPatientPid</c> and
/// <c>UnknownPatientPid</c> (synthetic people of the journal's test environment). Checks that need
/// staff actions in the journal are reported as skipped: do them by hand with the vendor.</summary>
public sealed class EpjAcceptanceTest(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time)
{
    public sealed record ConnectionReport(string Vendor, string Transport, string InstallationId, string UnitHerId, IReadOnlyList<ConformanceResult> Results);

    /// <param name="environment">Only the connections in this environment (the onboarding API tests the test connections); null: all.</param>
    public async Task<IReadOnlyList<ConnectionReport>?> RunAsync(string kommunenummer, CancellationToken cancellationToken, string? environment = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var units = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetMunicipalityUnits(kommunenummer), cancellationToken);
        if (units.Count == 0)
        {
            return null;
        }

        var factory = scope.ServiceProvider.GetRequiredService<EpjConnectorFactory>();
        var reports = new List<ConnectionReport>();
        foreach (var group in units.Where(u => u.Epj is not null && (environment is null || u.Epj.Environment == environment)).GroupBy(u => u.Epj!))
        {
            var context = new ConformanceContext
            {
                Connector = factory.Create(group.Key),
                Patients = new ConformancePatients
                {
                    KnownPatientPid = configuration["Epj:Acceptance:KnownPatientPid"] ?? "",
                    UnknownPatientPid = configuration["Epj:Acceptance:UnknownPatientPid"] ?? "",
                    UnitHerId = group.First().HerId,
                },
                EventualTimeout = TimeSpan.FromSeconds(configuration.GetValue("Epj:Acceptance:EventualTimeoutSeconds", 30)),
                Clock = time.GetUtcNow,
            };
            reports.Add(new ConnectionReport(group.Key.Vendor, group.Key.Transport, group.Key.InstallationId, group.First().HerId,
                await ConformanceRunner.RunAsync(context, cancellationToken: cancellationToken)));
        }

        return reports;
    }
}
