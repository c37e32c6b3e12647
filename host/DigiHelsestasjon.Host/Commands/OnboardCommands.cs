using System.CommandLine;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.EpjIntegration.Operations;
using MediatR;

namespace DigiHelsestasjon.Host.Commands;

/// <summary><c>onboard municipality|unit|connect|acceptance-test|promote</c>: the onboarding API's commands for an operator at
/// the server (the same MediatR commands, the actor "command-line"); and <c>epj acceptance-test</c>, the conformance kit
/// against a municipality's connections without storing the run.</summary>
internal static class OnboardCommands
{
    private const string Actor = "command-line";

    public static Command CreateOnboard(HostFactory host, Func<string[]> hostArgs)
    {
        var knr = () => new Argument<string>("KOMMUNENUMMER") { Description = "Four digits." };
        var unitId = () => new Argument<Guid>("UNIT-ID") { Description = "The unit's id (from onboard unit)." };

        var municipalityKnr = knr();
        var municipalityName = new Argument<string>("NAME");
        var municipality = new Command("municipality", "Creates a municipality (nothing happens if it exists).") { municipalityKnr, municipalityName };
        municipality.SetAction((p, ct) => SendAsync(host, hostArgs, async m =>
            await m.Send(new CreateMunicipality(p.GetValue(municipalityKnr)!, p.GetValue(municipalityName)!), ct)
                ? $"Municipality {p.GetValue(municipalityKnr)} created." : $"Municipality {p.GetValue(municipalityKnr)} exists already."));

        var unitKnr = knr();
        var herId = new Argument<string>("HER-ID");
        var type = new Argument<string>("TYPE") { Description = "health-station, school-health or youth-clinic." };
        var name = new Argument<string>("NAME");
        var address = new Argument<string>("ADDRESS");
        var hours = new Argument<string?>("OPENING-HOURS") { Arity = ArgumentArity.ZeroOrOne };
        var unit = new Command("unit", "Adds a unit to a municipality.") { unitKnr, herId, type, name, address, hours };
        unit.SetAction((p, ct) => SendAsync(host, hostArgs, async m =>
            $"Unit {await m.Send(new AddUnit(p.GetValue(unitKnr)!, new(p.GetValue(herId)!, p.GetValue(name)!, p.GetValue(type)!, p.GetValue(address)!, p.GetValue(hours))), ct)} added."));

        var connectUnit = unitId();
        var vendor = new Argument<string>("VENDOR") { Description = "visma, infodoc or cgm." };
        var baseAddress = new Argument<string>("BASE-ADDRESS");
        var installation = new Argument<string>("INSTALLATION-ID");
        var secret = new Argument<string?>("SECRET-NAME") { Arity = ArgumentArity.ZeroOrOne, Description = "The shared secret's name (Epj:Secrets:<name>)." };
        var connect = new Command("connect", "Connects a unit to its journal, in the test environment.") { connectUnit, vendor, baseAddress, installation, secret };
        connect.SetAction((p, ct) => SendAsync(host, hostArgs, async m => await m.Send(
            new ConnectUnit(p.GetValue(connectUnit), new(p.GetValue(vendor)!, p.GetValue(baseAddress)!, p.GetValue(installation)!, p.GetValue(secret), "test"), Actor), ct)));

        var testKnr = knr();
        var acceptance = new Command("acceptance-test", "Runs and stores the acceptance test of the municipality's test connections; exits 1 unless it passed.") { testKnr };
        acceptance.SetAction((p, ct) => SendAsync(host, hostArgs, async m => await m.Send(new RunAcceptanceTest(p.GetValue(testKnr)!, Actor), ct)));

        var promoteUnit = unitId();
        var promote = new Command("promote", "Moves a unit's connection to production (after a passed acceptance test).") { promoteUnit };
        promote.SetAction((p, ct) => SendAsync(host, hostArgs, async m => await m.Send(new PromoteConnection(p.GetValue(promoteUnit), Actor), ct)));

        return new Command("onboard", "Onboards a municipality: its units and their journal connections.") { municipality, unit, connect, acceptance, promote };
    }

    public static Command CreateEpj(HostFactory host, Func<string[]> hostArgs)
    {
        var knr = new Argument<string>("KOMMUNENUMMER") { Description = "Four digits." };
        var acceptance = new Command("acceptance-test", "Runs the SDK's conformance kit against the municipality's journal connections (not stored). Exits 0 passed, 1 a check failed, 3 most checks skipped.") { knr };
        acceptance.SetAction(async (p, ct) =>
        {
            await using var app = host(HostCommand.Epj, hostArgs());
            // The demo municipalities exist once the start-up tasks (migration, demo seeding) have run.
            await app.StartAsync(ct);
            var reports = await app.Services.GetRequiredService<EpjAcceptanceTest>().RunAsync(p.GetValue(knr)!, ct);
            await app.StopAsync(ct);
            return reports is null ? await FailAsync($"Municipality {p.GetValue(knr)} has no units in the directory.") : Print(reports);
        });
        return new Command("epj", "The journal connections.") { acceptance };
    }

    private static int Print(IReadOnlyList<EpjAcceptanceTest.ConnectionReport> reports)
    {
        var notVerified = new List<string>();
        foreach (var report in reports)
        {
            Console.WriteLine($"{report.Vendor} ({report.Transport}, installation {report.InstallationId}, unit {report.UnitHerId})");
            foreach (var result in report.Results)
            {
                Console.WriteLine($"  {result.Verdict,-7} {result.Check}{(result.Message is null ? "" : "  - " + result.Message)}");
                if (result.Verdict == ConformanceVerdict.Skipped)
                {
                    notVerified.Add($"{report.Vendor}: {result.Check}");
                }
            }
        }

        var all = reports.SelectMany(r => r.Results).ToList();
        var (passed, failed) = (all.Count(r => r.Verdict == ConformanceVerdict.Passed), all.Count(r => r.Verdict == ConformanceVerdict.Failed));
        Console.WriteLine();
        Console.WriteLine($"{passed} passed, {failed} failed, {notVerified.Count} skipped.");
        if (notVerified.Count > 0)
        {
            Console.WriteLine("Not verified (skipped; check these with the vendor before production):");
            notVerified.ForEach(check => Console.WriteLine($"  - {check}"));
        }

        // "Passed" only when nothing failed and most checks ran: a run that mostly skipped proves little (exit code 3).
        var verdict = failed > 0 ? "FAILED" : notVerified.Count > passed ? "NOT VERIFIED: most checks were skipped" : "passed";
        Console.WriteLine($"Acceptance test {verdict}.");
        return failed > 0 ? HostCommandLine.Failed : notVerified.Count > passed ? 3 : HostCommandLine.Done;
    }

    /// <summary>Starts the host (the start-up tasks run), sends the command, prints its answer; a refused command is named on
    /// standard error with exit code 1.</summary>
    private static async Task<int> SendAsync(HostFactory host, Func<string[]> hostArgs, Func<IMediator, Task<object>> send)
    {
        await using var app = host(HostCommand.Onboard, hostArgs());
        await app.StartAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var result = await send(scope.ServiceProvider.GetRequiredService<IMediator>());
            Console.WriteLine(result is string text ? text : JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
            return result is AcceptanceRunView { Verdict: not "passed" } ? HostCommandLine.Failed : HostCommandLine.Done;
        }
        catch (ValidationException invalid)
        {
            return await FailAsync(string.Join(Environment.NewLine, invalid.Failures.Select(f => $"{f.Field}: {f.Message}")));
        }
        catch (PlatformProblemException problem)
        {
            return await FailAsync(problem.Detail ?? problem.Message);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return HostCommandLine.Failed;
    }
}
