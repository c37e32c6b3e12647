using System.Net;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.YouthChat.Tests;

/// <summary>The host as a youth's phone reaches it: every request from one recognisable address, every log line captured
/// (at Debug, ASP.NET Core's request logging included), and a message rate limit that does not refill during a test.</summary>
public abstract class ChatHost(DatabaseProvider provider, string transport) : EpjHost(provider, transport)
{
    public const string ClientAddress = "203.0.113.57";

    public CapturedLogs Logs { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Logging:LogLevel:Default"] = "Debug";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
            settings["Modules:YouthChat:MessagesPerToken"] = "20";
            settings["Modules:YouthChat:MessageRefill"] = "01:00:00";
            settings["Modules:YouthChat:ConversationRefill"] = "01:00:00";
            settings["Modules:YouthChat:ReserveRefill"] = "01:00:00";

            // Streams read again on their own only after this long: within a test, an event arrives through the wake-up or not at all.
            settings["Modules:YouthChat:KeepAlive"] = "00:10:00";
            return settings;
        }
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse(ClientAddress)));
    }

    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // A test client may stand for a phone on another network (X-Test-Address); otherwise the fixed address.
                context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers["X-Test-Address"].ToString(), out var other) ? other : address;
                context.Request.Headers.Remove("X-Test-Address");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ChatOnSqlite() : ChatHost(DatabaseProvider.Sqlite, "http");

public sealed class ChatOnPostgres() : ChatHost(DatabaseProvider.Postgres, "in-process");

/// <summary>PostgreSQL with the youth chat's signals table instead of LISTEN/NOTIFY, read every 100 ms.</summary>
public sealed class ChatOnPostgresPolled() : ChatHost(DatabaseProvider.Postgres, "in-process")
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Modules:YouthChat:FanOut"] = "table";
            settings["Modules:YouthChat:SignalPollInterval"] = "00:00:00.100";
            return settings;
        }
    }
}

public sealed class ChatOnSqlServer() : ChatHost(DatabaseProvider.SqlServer, "in-process");
