using System.CommandLine;

namespace DigiHelsestasjon.Host.Commands;

/// <summary>What the process is started to do: serve (no command), or one operator command that does its work and exits.</summary>
internal enum HostCommand
{
    Run,
    Migrate,
    Queue,
    Epj,
    Onboard,
}

/// <summary>Builds the host for a command from the arguments meant for the host's configuration
/// (for example <c>--Database:Provider=Postgres</c>).</summary>
internal delegate WebApplication HostFactory(HostCommand command, string[] hostArgs);

/// <summary>The host's command line (System.CommandLine): <c>migrate</c>, <c>queue list|requeue</c> (and <c>outbox</c>, its
/// older name for the outbox queue), <c>epj acceptance-test</c>, <c>onboard ...</c>; with no command the host serves.
/// Exit codes: 0 done, 1 the command ran and failed (named on standard error), 2 the command line is wrong (the
/// error and the command's usage on standard error), 3 an acceptance test that mostly skipped.</summary>
internal static class HostCommandLine
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> InvokeAsync(string[] args, HostFactory host)
    {
        var root = new RootCommand(
            "DigiHelsestasjon: with no command the host serves the API, the pages and the background work. Configuration keys "
            + "may follow any command as --Key=value or --Key value (for example --Database:Provider=Postgres).");
        root.SetAction(async (_, cancellationToken) =>
        {
            await host(HostCommand.Run, HostArguments(args, root)).RunAsync(cancellationToken);
            return Done;
        });
        root.Subcommands.Add(MigrateCommand(host, () => HostArguments(args, root)));
        foreach (var command in QueueCommands.Create(host, () => HostArguments(args, root)))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(OnboardCommands.CreateEpj(host, () => HostArguments(args, root)));
        root.Subcommands.Add(OnboardCommands.CreateOnboard(host, () => HostArguments(args, root)));

        var parsed = root.Parse(CommandArguments(args, root));
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync(UsageOf(parsed.CommandResult.Command));
            return Usage;
        }

        // Not the command line's default handler: the test host stops a host being built by throwing, and that must
        // reach it. A command that fails (the database unreachable, a wrong password) says why in a line and exits 1.
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (parsed.CommandResult.Command is not RootCommand && exception is not HostAbortedException)
        {
            await Console.Error.WriteLineAsync($"{PathOf(parsed.CommandResult.Command)} failed: {Reason(exception)}");
            return Failed;
        }
    }

    /// <summary>The messages down the exception's causes ("... transient failure: Failed to connect to 127.0.0.1:1"), no stack.</summary>
    private static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null && messages.Count < 3; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(" ", messages.Select(m => m.TrimEnd('.') + "."));
    }

    private static Command MigrateCommand(HostFactory host, Func<string[]> hostArgs)
    {
        var migrate = new Command("migrate", "Migrates every module's schema to this build, then exits (when Database:MigrateOnStartup is false).");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            await using var app = host(HostCommand.Migrate, hostArgs());
            var migrator = app.Services.GetRequiredService<DigiHelsestasjon.BuildingBlocks.Persistence.DatabaseMigrator>();
            var pending = await migrator.PendingAsync(cancellationToken);
            await migrator.MigrateAsync(cancellationToken);
            // What changed, per schema, so an operator can tell a no-op from an upgrade.
            Console.WriteLine(pending.Count == 0
                ? "Nothing to migrate: every schema was at this build's latest migration."
                : "Database migrated: " + string.Join("; ", pending.Select(p => $"{p.Key} ({string.Join(", ", p.Value)})")) + ".");
            return Done;
        });
        return migrate;
    }

    /// <summary>"usage: onboard promote UNIT-ID" and the subcommands below it, the line an operator needs after a mistake.</summary>
    public static string UsageOf(Command command)
    {
        var lines = new List<string>();
        void Add(Command c, string path)
        {
            if (c.Subcommands.Count == 0 || c.Arguments.Count > 0)
            {
                var arguments = c.Arguments.Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[{a.Name}]" : a.Name);
                var options = c.Options.Where(o => o.Name is not ("--help" or "--version")).Select(o => $"[{o.Name} {o.HelpName ?? "VALUE"}]");
                lines.Add(string.Join(' ', new[] { path }.Concat(arguments).Concat(options)));
            }

            foreach (var sub in c.Subcommands)
            {
                Add(sub, $"{path} {sub.Name}");
            }
        }

        Add(command, PathOf(command));
        return "usage: " + string.Join(Environment.NewLine + "       ", lines);
    }

    private static string PathOf(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent && parent is not RootCommand ? $"{PathOf(parent)} {command.Name}" : command.Name;

    /// <summary>The command's own words: everything before the first <c>--</c> token that no command knows as its option.</summary>
    private static string[] CommandArguments(string[] args, RootCommand root) => args[..HostArgumentsStart(args, root)];

    /// <summary>The rest: the host's configuration.</summary>
    private static string[] HostArguments(string[] args, RootCommand root) => args[HostArgumentsStart(args, root)..];

    private static int HostArgumentsStart(string[] args, RootCommand root)
    {
        var known = KnownOptions(root).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (args[i].StartsWith("--", StringComparison.Ordinal) && !known.Contains(name))
            {
                return i;
            }

            if (known.Contains(args[i]) && args[i] is not ("--help" or "--version"))
            {
                i++; // the option's value
            }
        }

        return args.Length;
    }

    private static IEnumerable<string> KnownOptions(Command command) =>
        command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(command.Subcommands.SelectMany(KnownOptions));
}
