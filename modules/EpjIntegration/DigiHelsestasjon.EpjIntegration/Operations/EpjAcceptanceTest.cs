using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.Outbound;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.EpjIntegration.Operations;

/// <summary>"Acceptance test before production": the SDK's conformance kit against a municipality's
/// configured connections. Test patients come from <c>Epj:Acceptance:KnownPatientPid</c> and
/// <c>UnknownPatientPid</c> (synthetic people of the journal's test environment). Checks that need
/// staff actions in the journal are reported as skipped: do them by hand with the vendor.</summary>
public sealed class EpjAcceptanceTest(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, EpjInboundObservers observers)
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
        var policies = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetMunicipalityPolicies(kommunenummer), cancellationToken);
        var reports = new List<ConnectionReport>();
        foreach (var group in units.Where(u => u.Epj is not null && (environment is null || u.Epj.Environment == environment)).GroupBy(u => u.Epj!))
        {
            // What the journal sends back while the checks run (later receipts and outcomes) is recorded here, so a journal
            // that answers later is verified rather than skipped.
            var recorder = new RecordingEpjPlatform();
            using var watch = observers.Watch(group.Key.InstallationId, recorder);
            var context = new ConformanceContext
            {
                Connector = factory.Create(group.Key),
                Platform = recorder,
                Patients = new ConformancePatients
                {
                    KnownPatientPid = configuration["Epj:Acceptance:KnownPatientPid"] ?? "",
                    UnknownPatientPid = configuration["Epj:Acceptance:UnknownPatientPid"] ?? "",
                    UnitHerId = group.First().HerId,
                },
                EventualTimeout = TimeSpan.FromSeconds(configuration.GetValue("Epj:Acceptance:EventualTimeoutSeconds", 30)),
                Time = time,
            };
            var results = (await ConformanceRunner.RunAsync(context, cancellationToken: cancellationToken)).ToList();
            if (policies?.CancellationNeedsApproval == true)
            {
                results.Add(await StaffDecideRuleAsync(context.Connector, cancellationToken));
            }

            reports.Add(new ConnectionReport(group.Key.Vendor, group.Key.Transport, group.Key.InstallationId, group.First().HerId, results));
        }

        return reports;
    }

    /// <summary>The municipality's own rule, checked against what the journal declares: where staff decide every digital
    /// cancellation, a journal that would cancel at once (contract 1.0, immediate mode) is not ready for production.</summary>
    private static async Task<ConformanceResult> StaffDecideRuleAsync(Epj.Sdk.IEpjConnector connector, CancellationToken cancellationToken)
    {
        const string Check = "Municipality_rule_staff_decide_cancellations_is_honoured";
        try
        {
            var capabilities = await connector.GetCapabilitiesAsync(cancellationToken);
            return capabilities.CancellationMode == Epj.Sdk.CancellationMode.NeedsApproval || Epj.Sdk.EpjContract.UnderstandsRequiresApproval(capabilities.ContractVersions)
                ? new ConformanceResult { Check = Check, Verdict = ConformanceVerdict.Passed }
                : new ConformanceResult
                {
                    Check = Check, Verdict = ConformanceVerdict.Failed,
                    Message = $"The municipality wants staff to decide every digital cancellation, but the journal cancels at once and speaks contract [{string.Join(", ", capabilities.ContractVersions)}]: "
                        + $"it needs {Epj.Sdk.EpjContract.RequiresApprovalVersion} (RequiresApproval). Until then the platform refuses to send it cancellations.",
                };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ConformanceResult { Check = Check, Verdict = ConformanceVerdict.Failed, Message = $"{exception.GetType().Name}: {exception.Message}" };
        }
    }
}
