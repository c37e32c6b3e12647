using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace DigiHelsestasjon.Testing;

/// <summary>The whole host in memory against a database of its own. One per test class
/// (<see cref="SqliteHost"/> or <see cref="PostgresHost"/>); the same test class body runs on both.</summary>
public abstract class PlatformHost(DatabaseProvider provider, TimeSpan clockOffset = default) : IAsyncLifetime
{
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplicationFactory<Program>? factory;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Start on this database instead of a fresh one, and leave it in place on dispose (a restart).</summary>
    public TestDatabase? Reuse { get; init; }

    /// <summary>The platform's clock: the real current time, moved by the host's offset (a year ahead or back proves
    /// that nothing depends on today's date).</summary>
    public TestClock Time { get; } = new(TimeProvider.System.GetUtcNow() + clockOffset);

    /// <summary>Settings tests may add before the host starts (for example a module switched off).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Services a test class adds or replaces (for example a recorder of integration events).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The host has not started.");

    public IServiceProvider Services => Factory.Services;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.SqlServer && SqlServerTests.Named is null)
        {
            // Every test of a class on this host is reported as skipped (PlatformTestFramework), but xunit still makes the
            // class's fixture: it starts nothing, and its clean-up has nothing to do.
            return;
        }

        Database = Reuse is { } existing ? TestDatabase.Existing(existing.Settings) : await TestDatabase.CreateAsync(provider);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
            builder.UseSetting("WorkQueues:outbox:PollInterval", "00:00:00.050");

            // The test drives the queues itself (QuietAsync), one item after the other as a single worker would:
            // a background worker beside it would reorder events and make the outcome depend on timing.
            builder.UseSetting("WorkQueues:Enabled", "false");

            // The simulated journals answer on this host's own (loopback) address; a test that checks the rule sets it false.
            builder.UseSetting("Epj:AllowLocalJournalAddresses", "true");
            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Simulators:BaseUrl", "http://localhost");
            builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys"));
            builder.ConfigureServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));

                // Discovery and JWKS are fetched over HTTP, here from the in-memory server.
                services.ConfigureAll<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(options =>
                    options.BackchannelHttpHandler = new DeferredHandler(() => Factory.Server.CreateHandler(), started.Task));

                // The web client's login talks to the simulated issuers over HTTP: here, the in-memory server.
                services.AddHttpClient("web-login").ConfigurePrimaryHttpMessageHandler(() => new DeferredHandler(() => Factory.Server.CreateHandler(), started.Task));

                // EPJ traffic over HTTP (connectors, the journals' inbound calls) also goes to the in-memory server.
                services.AddHttpClient("epj").ConfigurePrimaryHttpMessageHandler(() => new DeferredHandler(() => Factory.Server.CreateHandler(), started.Task));
                ConfigureTestServices(services);
            });
        });
        _ = factory.Server;
        started.SetResult();

        // Every test starts from the whole demo data set: the journals publish their appointments just after readiness.
        await Services.GetRequiredService<PlatformStartup>().WhenSettledAsync();
    }

    /// <summary>Runs the work queues until nothing is due or in flight and the simulated journals are idle (<see cref="Quiet"/>).</summary>
    public Task QuietAsync(TimeSpan? limit = null) => Services.UntilQuietAsync(limit);

    /// <summary>Empties the module tables between tests.</summary>
    public Task ResetAsync() => Database.ResetAsync();

    /// <summary>Stops the host as a killed process would leave things: what it had not done yet is still to do
    /// (the background workers are off, so nothing finishes on the way down). The database stays.</summary>
    public async Task StopAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
            factory = null;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>Creates the real handler on first use, once the host has started: a call made while it
/// starts (a simulator publishing demo data) must wait, or it would make the factory build a second host.</summary>
internal sealed class DeferredHandler(Func<HttpMessageHandler> create, Task started) : HttpMessageHandler
{
    private HttpMessageInvoker? inner;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await started.WaitAsync(cancellationToken);
        return await (inner ??= new HttpMessageInvoker(create())).SendAsync(request, cancellationToken);
    }
}

public class SqliteHost() : PlatformHost(DatabaseProvider.Sqlite);

public class PostgresHost() : PlatformHost(DatabaseProvider.Postgres);

public class SqlServerHost() : PlatformHost(DatabaseProvider.SqlServer);

/// <summary>The host's factory under a name of its own, for programs with a <c>Program</c> of their own (the benchmarks).</summary>
public sealed class HostFactory : WebApplicationFactory<Program>;
