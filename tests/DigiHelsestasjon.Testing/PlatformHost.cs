using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace DigiHelsestasjon.Testing;

/// <summary>The whole host in memory against a database of its own. One per test class
/// (<see cref="SqliteHost"/> or <see cref="PostgresHost"/>); the same test class body runs on both.</summary>
public abstract class PlatformHost(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;

    public TestDatabase Database { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new();

    /// <summary>Settings tests may add before the host starts (for example a module switched off).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The host has not started.");

    public IServiceProvider Services => Factory.Services;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
            builder.UseSetting("Outbox:PollInterval", "00:00:00.050");
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
                    options.BackchannelHttpHandler = new DeferredHandler(() => Factory.Server.CreateHandler()));
            });
        });
        _ = factory.Server;
        await Task.CompletedTask;
    }

    /// <summary>Empties the module tables between tests.</summary>
    public Task ResetAsync() => Database.ResetAsync();

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}

/// <summary>Creates the real handler on first use: the test server exists only after the host starts.</summary>
internal sealed class DeferredHandler(Func<HttpMessageHandler> create) : HttpMessageHandler
{
    private HttpMessageInvoker? inner;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (inner ??= new HttpMessageInvoker(create())).SendAsync(request, cancellationToken);
}

public class SqliteHost() : PlatformHost(DatabaseProvider.Sqlite);

public class PostgresHost() : PlatformHost(DatabaseProvider.Postgres);
