using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The whole host on Kestrel and PostgreSQL, as one of the chat benchmark's instances: production settings
/// except that the rate limits are out of the way (one load generator speaks for a thousand phones).</summary>
internal static class ChatBenchmarkServer
{
    public const string Kommunenummer = "9970";
    public const int Units = 50;

    public static Guid UnitId(int n) => new($"99700000-0000-4000-8000-{n:D12}");

    public static async Task<int> RunAsync(string connectionString, int port, bool provision)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            CalendarBenchmarkServer.UseBenchmarkHost(builder, connectionString, baseUrl);
            builder.UseSetting("Simulators:EpjTransport", "in-process");
            builder.UseSetting("Modules:YouthChat:MessagesPerToken", "1000000");
            builder.UseSetting("Modules:YouthChat:ConversationsPerUnit", "1000000");
            builder.UseSetting("Modules:YouthChat:MaxQueueLength", "1000000");
            builder.UseSetting("Modules:YouthChat:ConversationsPerAddress", "1000000");
        });
        factory.UseKestrel();
        factory.StartServer();
        await CalendarBenchmarkServer.WaitUntilReadyAsync(baseUrl);
        if (provision)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ProvisionMunicipality(Kommunenummer, "Benkvik kommune",
                [.. Enumerable.Range(1, Units).Select(n => new ProvisionedUnit(UnitId(n), $"Skolehelsetjenesten Benkvik {n}", UnitTypes.SchoolHealth, $"9970{n:D3}", "Skoleveien 1", "", null, OpeningHours.AroundTheClock))]));
        }

        Console.WriteLine("ready -");
        await Console.In.ReadLineAsync();
        return 0;
    }
}
