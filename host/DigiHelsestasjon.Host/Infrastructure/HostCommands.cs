using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Host.Infrastructure;

internal enum HostCommand
{
    Run,
    Migrate,
    Outbox,
    Epj,
}

/// <summary>Operator commands of the host: <c>migrate</c>, <c>outbox list [--state dead-lettered]</c>,
/// <c>outbox requeue ID</c>, <c>epj acceptance-test KOMMUNENUMMER</c>. With none, the host runs.</summary>
internal static class HostCommands
{
    /// <summary>The command, its own arguments, and the rest for the host's configuration
    /// (for example <c>--Database:Provider=Postgres</c>).</summary>
    public static (HostCommand Command, string[] CommandArgs, string[] HostArgs) Split(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                return (HostCommand.Migrate, [], args[1..]);
            case "outbox":
                var split = Array.FindIndex(args, a => a.StartsWith("--", StringComparison.Ordinal) && a != "--state");
                var end = split < 0 ? args.Length : split;
                return (HostCommand.Outbox, args[1..end], args[end..]);
            case "epj":
                var first = Array.FindIndex(args, a => a.StartsWith("--", StringComparison.Ordinal));
                var stop = first < 0 ? args.Length : first;
                return (HostCommand.Epj, args[1..stop], args[stop..]);
            default:
                return (HostCommand.Run, [], args);
        }
    }

    public static async Task<int> RunAsync(WebApplication app, HostCommand command, string[] commandArgs)
    {
        switch (command)
        {
            case HostCommand.Migrate:
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                Console.WriteLine("Database migrated.");
                return 0;
            case HostCommand.Outbox:
                return await OutboxAsync(app.Services.GetRequiredService<OutboxAdministration>(), commandArgs);
            case HostCommand.Epj:
                return await EpjAsync(app, commandArgs);
            default:
                await app.RunAsync();
                return 0;
        }
    }

    private static async Task<int> OutboxAsync(OutboxAdministration outbox, string[] commandArgs)
    {
        if (commandArgs is ["requeue", var idText])
        {
            if (!Guid.TryParse(idText, out var id))
            {
                await Console.Error.WriteLineAsync($"'{idText}' is not an event id (a GUID).");
                return 2;
            }

            var requeued = await outbox.RequeueAsync(id);
            Console.WriteLine(requeued ? $"Requeued {id}." : $"No dead-lettered event {id}.");
            return requeued ? 0 : 1;
        }

        OutboxState? state = null;
        if (commandArgs is ["list", "--state", var stateText])
        {
            if (!Enum.TryParse<OutboxState>(stateText.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                await Console.Error.WriteLineAsync("--state is one of: pending, processed, dead-lettered.");
                return 2;
            }

            state = parsed;
        }
        else if (commandArgs is not ["list"])
        {
            await Console.Error.WriteLineAsync("usage: outbox list [--state pending|processed|dead-lettered] | outbox requeue ID");
            return 2;
        }

        foreach (var entry in await outbox.ListAsync(state))
        {
            Console.WriteLine($"{entry.Id}  {entry.Module,-14} {entry.State,-13} attempts={entry.Attempts,-2} {entry.OccurredAt:u}  {entry.Type}  {entry.LastError}");
        }

        return 0;
    }

    /// <summary>Runs the SDK's conformance kit against a municipality's configured EPJ connections.</summary>
    private static async Task<int> EpjAsync(WebApplication app, string[] commandArgs)
    {
        if (commandArgs is not ["acceptance-test", var kommunenummer])
        {
            await Console.Error.WriteLineAsync("usage: epj acceptance-test KOMMUNENUMMER");
            return 2;
        }

        // The demo municipalities exist once the start-up tasks (migration, demo seeding) have run.
        await app.StartAsync();
        var reports = await app.Services.GetRequiredService<DigiHelsestasjon.EpjIntegration.Operations.EpjAcceptanceTest>().RunAsync(kommunenummer, CancellationToken.None);
        await app.StopAsync();
        if (reports is null)
        {
            await Console.Error.WriteLineAsync($"Municipality {kommunenummer} has no units in the directory.");
            return 1;
        }

        var failed = 0;
        foreach (var report in reports)
        {
            Console.WriteLine($"{report.Vendor} ({report.Transport}, installation {report.InstallationId}, unit {report.UnitHerId})");
            foreach (var result in report.Results)
            {
                Console.WriteLine($"  {result.Verdict,-7} {result.Check}{(result.Message is null ? "" : "  - " + result.Message)}");
                failed += result.Verdict == DigiHelsestasjon.Epj.Sdk.Testing.ConformanceVerdict.Failed ? 1 : 0;
            }
        }

        Console.WriteLine(failed == 0 ? "Acceptance test passed." : $"Acceptance test failed: {failed} check(s).");
        return failed == 0 ? 0 : 1;
    }
}
