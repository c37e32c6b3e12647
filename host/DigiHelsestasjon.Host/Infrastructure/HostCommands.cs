using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;

namespace DigiHelsestasjon.Host.Infrastructure;

internal enum HostCommand
{
    Run,
    Migrate,
    Queue,
    Epj,
    Onboard,
}

/// <summary>Operator commands of the host: <c>migrate</c>, <c>queue list [QUEUE] [--state S] [--kind K] [--scope X]</c>,
/// <c>queue requeue QUEUE ID</c> (<c>outbox list|requeue</c> is the same for the outbox queue),
/// <c>epj acceptance-test KOMMUNENUMMER</c>, <c>onboard municipality|unit|connect|acceptance-test|promote ...</c> (the onboarding
/// API's commands, for an operator at the server). With none, the host runs.</summary>
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
            case "queue" or "outbox":
                // Options of the command itself take a value; anything else starting with -- configures the host.
                var split = Array.FindIndex(args, a => a.StartsWith("--", StringComparison.Ordinal) && !QueueOptions.Contains(a) && !IsValueOfQueueOption(args, a));
                var end = split < 0 ? args.Length : split;
                var queueArgs = args[0] == "outbox" ? OutboxAlias(args[1..end]) : args[1..end];
                return (HostCommand.Queue, queueArgs, args[end..]);
            case "onboard":
                var optionAt = Array.FindIndex(args, a => a.StartsWith("--", StringComparison.Ordinal));
                var last = optionAt < 0 ? args.Length : optionAt;
                return (HostCommand.Onboard, args[1..last], args[last..]);
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
            case HostCommand.Queue:
                return await QueueAsync(app.Services.GetRequiredService<WorkQueues>(), commandArgs);
            case HostCommand.Epj:
                return await EpjAsync(app, commandArgs);
            case HostCommand.Onboard:
                return await OnboardAsync(app, commandArgs);
            default:
                await app.RunAsync();
                return 0;
        }
    }

    private static readonly string[] QueueOptions = ["--state", "--kind", "--scope"];

    private static bool IsValueOfQueueOption(string[] args, string value)
    {
        var index = Array.IndexOf(args, value);
        return index > 0 && QueueOptions.Contains(args[index - 1]);
    }

    /// <summary><c>outbox list|requeue ...</c> as it was before every queue had the same commands.</summary>
    private static string[] OutboxAlias(string[] args) => args switch
    {
        ["requeue", var id] => ["requeue", "outbox", id],
        ["list", .. var rest] => ["list", "outbox", .. rest.Select(a => a == "processed" ? WorkItemStates.Done : a)],
        _ => args,
    };

    private const string QueueUsage = "usage: queue list [QUEUE] [--state pending|in-flight|done|dead-lettered] [--kind KIND] [--scope MODULE-OR-KOMMUNENUMMER] | queue requeue QUEUE ID";

    private static async Task<int> QueueAsync(WorkQueues queues, string[] commandArgs)
    {
        if (commandArgs is ["requeue", var queueName, var idText])
        {
            var queue = queues.Find(queueName);
            if (queue is null || !Guid.TryParse(idText, out var id))
            {
                await Console.Error.WriteLineAsync(queue is null ? $"No queue '{queueName}'; the queues are: {string.Join(", ", queues.All.Select(q => q.Name))}." : $"'{idText}' is not an item id (a GUID).");
                return 2;
            }

            var requeued = await queue.RequeueAsync(id, CancellationToken.None);
            Console.WriteLine(requeued ? $"Requeued {id}." : $"No dead-lettered item {id} in {queue.Name}.");
            return requeued ? 0 : 1;
        }

        if (commandArgs is not ["list", .. var rest])
        {
            await Console.Error.WriteLineAsync(QueueUsage);
            return 2;
        }

        var selected = queues.All;
        if (rest is [var name, ..] && !name.StartsWith("--", StringComparison.Ordinal))
        {
            selected = queues.Find(name) is { } one ? [one] : [];
            rest = rest[1..];
            if (selected.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No queue '{name}'; the queues are: {string.Join(", ", queues.All.Select(q => q.Name))}.");
                return 2;
            }
        }

        string? Option(string option) => Array.IndexOf(rest, option) is var i and >= 0 && i + 1 < rest.Length ? rest[i + 1] : null;
        var filter = new WorkItemFilter(Option("--state"), Option("--kind"), Option("--scope"));
        if (filter.State is not null && !WorkItemStates.All.Contains(filter.State))
        {
            await Console.Error.WriteLineAsync(QueueUsage);
            return 2;
        }

        foreach (var queue in selected)
        {
            var backlog = await queue.BacklogAsync(CancellationToken.None);
            Console.WriteLine($"{queue.Name}: {backlog.Due} due, {backlog.InFlight} in flight, {backlog.Scheduled} scheduled, {backlog.DeadLettered} dead-lettered");
            foreach (var item in await queue.ListAsync(filter, CancellationToken.None))
            {
                Console.WriteLine($"  {item.Id}  {item.Scope,-14} {item.State,-13} attempts={item.Attempts,-2} {item.CreatedAt:u}  {item.Kind}  {item.Detail} {item.LastError}");
            }
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

        var notVerified = new List<string>();
        foreach (var report in reports)
        {
            Console.WriteLine($"{report.Vendor} ({report.Transport}, installation {report.InstallationId}, unit {report.UnitHerId})");
            foreach (var result in report.Results)
            {
                Console.WriteLine($"  {result.Verdict,-7} {result.Check}{(result.Message is null ? "" : "  - " + result.Message)}");
                if (result.Verdict == DigiHelsestasjon.Epj.Sdk.Conformance.ConformanceVerdict.Skipped)
                {
                    notVerified.Add($"{report.Vendor}: {result.Check}");
                }
            }
        }

        var all = reports.SelectMany(r => r.Results).ToList();
        var (passed, failed) = (all.Count(r => r.Verdict == DigiHelsestasjon.Epj.Sdk.Conformance.ConformanceVerdict.Passed), all.Count(r => r.Verdict == DigiHelsestasjon.Epj.Sdk.Conformance.ConformanceVerdict.Failed));
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
        return failed > 0 ? 1 : notVerified.Count > passed ? 3 : 0;
    }

    private const string OnboardUsage = """
        usage: onboard municipality KOMMUNENUMMER NAME
               onboard unit KOMMUNENUMMER HER-ID TYPE NAME ADDRESS [OPENING-HOURS]
               onboard connect UNIT-ID VENDOR BASE-ADDRESS INSTALLATION-ID [SECRET-NAME]
               onboard acceptance-test KOMMUNENUMMER
               onboard promote UNIT-ID
        """;

    /// <summary>The onboarding API's commands from the command line (the same MediatR commands, the actor "command-line").</summary>
    private static async Task<int> OnboardAsync(WebApplication app, string[] commandArgs)
    {
        await app.StartAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
            const string Actor = "command-line";
            object? result = commandArgs switch
            {
                ["municipality", var knr, var name] => await mediator.Send(new DigiHelsestasjon.Directory.Contracts.CreateMunicipality(knr, name)) ? $"Municipality {knr} created." : $"Municipality {knr} exists already.",
                ["unit", var knr, var herId, var type, var name, var address, .. var hours] =>
                    $"Unit {await mediator.Send(new DigiHelsestasjon.Directory.Contracts.AddUnit(knr, new(herId, name, type, address, hours.FirstOrDefault())))} added.",
                ["connect", var unit, var vendor, var address, var installation, .. var secret] when Guid.TryParse(unit, out var unitId) =>
                    await mediator.Send(new DigiHelsestasjon.EpjIntegration.Operations.ConnectUnit(unitId, new(vendor, address, installation, secret.FirstOrDefault(), "test"), Actor)),
                ["acceptance-test", var knr] => await mediator.Send(new DigiHelsestasjon.EpjIntegration.Operations.RunAcceptanceTest(knr, Actor)),
                ["promote", var unit] when Guid.TryParse(unit, out var unitId) => await mediator.Send(new DigiHelsestasjon.EpjIntegration.Operations.PromoteConnection(unitId, Actor)),
                _ => null,
            };
            if (result is null)
            {
                await Console.Error.WriteLineAsync(OnboardUsage);
                return 2;
            }

            Console.WriteLine(result is string text ? text : System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerOptions.Web) { WriteIndented = true }));
            return result is DigiHelsestasjon.EpjIntegration.Operations.AcceptanceRunView { Verdict: not "passed" } ? 1 : 0;
        }
        catch (Exception exception) when (exception is DigiHelsestasjon.BuildingBlocks.Mediation.ValidationException or DigiHelsestasjon.BuildingBlocks.Mediation.PlatformProblemException)
        {
            await Console.Error.WriteLineAsync(exception is DigiHelsestasjon.BuildingBlocks.Mediation.ValidationException invalid
                ? string.Join(Environment.NewLine, invalid.Failures.Select(f => $"{f.Field}: {f.Message}"))
                : ((DigiHelsestasjon.BuildingBlocks.Mediation.PlatformProblemException)exception).Detail ?? exception.Message);
            return 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
