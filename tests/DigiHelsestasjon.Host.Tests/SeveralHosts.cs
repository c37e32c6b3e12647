using System.Diagnostics;
using System.Net;
using System.Text;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The set-up of scripts/cluster.sh without the load balancer: two platform hosts on real ports (Kestrel) on one
/// PostgreSQL database, and the simulators host as a process of its own serving the issuers, the registers, the channels
/// and the journals to both (<c>Simulators:HostUrl</c>). Host A starts first and migrates; B starts after, as the script does.</summary>
public sealed class SeveralHosts : IAsyncLifetime
{
    private readonly int simulatorsPort = FreePort();
    private readonly int smtpPort = FreePort();
    private readonly StringBuilder simulatorsLog = new();
    private TestDatabase database = null!;
    private Process simulators = null!;

    public WebApplicationFactory<Program> A { get; private set; } = null!;

    public WebApplicationFactory<Program> B { get; private set; } = null!;

    public string AUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    public string BUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    public string SimulatorsUrl => $"http://127.0.0.1:{simulatorsPort}";

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        simulators = StartSimulators();
        A = StartPlatform(AUrl);
        await UntilAnswersAsync($"{AUrl}/health/ready", "platform host A");
        B = StartPlatform(BUrl);
        await UntilAnswersAsync($"{BUrl}/health/ready", "platform host B");
        await UntilAnswersAsync($"{SimulatorsUrl}/health/live", "the simulators host");
    }

    /// <summary>A client of one host as a browser without a cookie jar: no redirects followed, cookies sent by hand.</summary>
    public static HttpClient Client(string baseUrl) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public async Task DisposeAsync()
    {
        if (simulators is { HasExited: false })
        {
            simulators.Kill(entireProcessTree: true);
            await simulators.WaitForExitAsync();
        }

        simulators?.Dispose();
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private Process StartSimulators()
    {
        var dll = Path.Combine(AppContext.BaseDirectory.Replace("tests/DigiHelsestasjon.Host.Tests", "simulators/DigiHelsestasjon.Simulators.Host", StringComparison.Ordinal),
            "DigiHelsestasjon.Simulators.Host.dll");
        File.Exists(dll).ShouldBeTrue($"the simulators' host is built: {dll}");
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    dll, "--platform", AUrl, "--urls", SimulatorsUrl, "--Simulators:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "simulators-host"),
                    "--Logging:LogLevel:Default", "Warning",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (simulatorsLog)
            {
                simulatorsLog.AppendLine(line);
            }
        }
    }

    private WebApplicationFactory<Program> StartPlatform(string url)
    {
        var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Urls", url);
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            builder.UseSetting("Simulators:HostUrl", SimulatorsUrl);
            builder.UseSetting("Network:TrustedProxies", "127.0.0.1");
            builder.UseSetting("Simulators:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys"));
        });
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    private async Task UntilAnswersAsync(string url, string what)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();

        // Generous: a loaded machine starts a host slowly; a host that answers ends the wait at once.
        while (waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if ((await http.GetAsync(url)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            simulators.HasExited.ShouldBeFalse($"the simulators host stopped:\n{SimulatorsLog}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not answer at {url} within 120 s. The simulators host said:\n{SimulatorsLog}");
    }

    private string SimulatorsLog
    {
        get
        {
            lock (simulatorsLog)
            {
                return simulatorsLog.ToString();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
