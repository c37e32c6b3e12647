using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

/// <summary>scripts/cluster.sh driven from .NET: three platform hosts behind nginx, the simulators host, a PostgreSQL
/// cluster of its own (so restarting it never touches the suite's server), all on free loopback ports in a folder of
/// their own. The faults are the script's own commands, so an operator can do by hand what the scenario does.</summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly string script;

    private Cluster(string repository, string folder, string configuration)
    {
        Folder = folder;
        script = Path.Combine(repository, "scripts", "cluster.sh");
        HostPorts = [FreePort(), FreePort(), FreePort()];
        var balancer = FreePort();
        var simulators = FreePort();
        Url = $"http://127.0.0.1:{balancer}";
        SimulatorsUrl = $"http://127.0.0.1:{simulators}";
        environment = new()
        {
            ["CLUSTER_DIR"] = folder,
            ["CLUSTER_LB_PORT"] = balancer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_HOST_PORTS"] = string.Join(' ', HostPorts),
            ["CLUSTER_SIMULATORS_PORT"] = simulators.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_SMTP_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_PG_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_CONFIGURATION"] = configuration,
            // SMS waits out the night (21-08 Oslo): off here, so the day's reminders and notices go at any hour.
            ["CLUSTER_HOST_ENV"] = "Notifications__SmsQuietFrom=00:00 Notifications__SmsQuietUntil=00:00",
        };
    }

    /// <summary>The one address citizens, nurses and journals use (nginx, round robin, no stickiness).</summary>
    public string Url { get; }

    public string SimulatorsUrl { get; }

    public IReadOnlyList<int> HostPorts { get; }

    public string Folder { get; }

    /// <summary>Whether this machine can run the cluster: nginx and PostgreSQL's server programs installed.</summary>
    public static string? Missing()
    {
        // The script installs nginx itself when it runs as root.
        if (!File.Exists("/usr/sbin/nginx") && !File.Exists("/usr/bin/nginx") && Environment.UserName != "root")
        {
            return "nginx is not installed (apt-get install -y nginx)";
        }

        return System.IO.Directory.Exists("/usr/lib/postgresql") && System.IO.Directory.EnumerateFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Any()
            ? null
            : "PostgreSQL's server programs are not installed (apt-get install -y postgresql)";
    }

    /// <summary>Starts everything; the programs must be built in <paramref name="configuration"/> already (the script builds
    /// what is missing).</summary>
    public static async Task<Cluster> UpAsync(string configuration)
    {
        var repository = RepositoryRoot();
        var folder = System.IO.Directory.CreateTempSubdirectory("digihelsestasjon-cluster-").FullName;
        var cluster = new Cluster(repository, folder, configuration);
        try
        {
            await cluster.RunAsync(TimeSpan.FromMinutes(10), "up");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public Task KillHostAsync(int port) => RunAsync(TimeSpan.FromSeconds(30), "kill", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task StartHostAsync(int port) => RunAsync(TimeSpan.FromMinutes(4), "start", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task RestartPostgresAsync() => RunAsync(TimeSpan.FromMinutes(2), "restart-postgres");

    /// <summary>The connection string of the cluster's database, for checks read straight from it.</summary>
    public string DatabaseConnectionString =>
        $"Host=127.0.0.1;Port={environment["CLUSTER_PG_PORT"]};Username=digi;Password=digi;Database=digihelsestasjon";

    /// <summary>The end of each host's log, for a failure's message.</summary>
    public string LogTails()
    {
        var tails = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Folder, "*.log").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            tails.Add($"--- {Path.GetFileName(file)} (last 30 lines)\n{string.Join('\n', lines.TakeLast(30))}");
        }

        return string.Join('\n', tails);
    }

    public async ValueTask DisposeAsync()
    {
        // Only a cluster that stopped loses its folder: the pid files in it are how a failed stop is finished by hand
        // (CLUSTER_DIR=<folder> scripts/cluster.sh down).
        await RunAsync(TimeSpan.FromMinutes(2), "down");
        try
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is stopping: the temporary folder is the machine's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task RunAsync(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/cluster.sh {string.Join(' ', arguments)} did not finish within {limit}.\n{LogTails()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}\n{await output}\n{LogTails()}");
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    private static readonly HashSet<int> Taken = [];

    /// <summary>A free port below Linux's ephemeral range (32768-60999). A port the system hands out (port 0) is in that
    /// range, so between choosing it and the host binding it (and again while a killed host is down) any outgoing
    /// connection or other test may take it: found in a suite run, a host that could not bind its port.</summary>
    private static int FreePort()
    {
        lock (Taken)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!Taken.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                }
            }

            throw new InvalidOperationException("No free port between 20000 and 32000 on the loopback.");
        }
    }
}
