using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>A citizen's message to the journal and the journal's answer back (HE -> AppRec -> 19), over the national
/// transport (KITH XML, CMS sign-then-encrypt, RabbitMQ) and over the platform's own signed HTTP, in one run, with the
/// same journal behaviour on both: take the message, answer at once. It measures the transports and their message
/// handling (mapping, XML, signing, encryption), not the platform's database: each side records the answer in memory.</summary>
internal static class EpjTransportBenchmark
{
    private const int Messages = 1_000;
    private const int Concurrency = 16;
    private const string PlatformHer = "8900000";
    private const string JournalHer = "8900001";

    public static async Task RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine($"EPJ round trip (citizen's message -> receipt -> the unit's answer), {Messages:N0} messages, {Concurrency} at a time, "
            + $"{Environment.ProcessorCount} cores shared by both ends, the broker and the load; HTTP first, then AMQP, twice, best of two.");
        Console.WriteLine();
        Console.WriteLine("| transport | messages/s | p50 ms | p99 ms | / signed HTTP |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var http = Best(await RunTwiceAsync(HttpRoundTripsAsync));
        var amqp = Best(await RunTwiceAsync(AmqpRoundTripsAsync));
        Console.WriteLine($"| signed HTTP (own contract) | {http.PerSecond:N0} | {http.P50:F1} | {http.P99:F1} | 100% |");
        Console.WriteLine($"| AMQP (national, KITH + CMS) | {amqp.PerSecond:N0} | {amqp.P50:F1} | {amqp.P99:F1} | {amqp.PerSecond / http.PerSecond:P0} |");
    }

    private static async Task<List<Result>> RunTwiceAsync(Func<Task<Result>> run) => [await run(), await run()];

    private static Result Best(List<Result> results) => results.OrderByDescending(r => r.PerSecond).First();

    private sealed record Result(double PerSecond, double P50, double P99);

    /// <summary>Runs <see cref="Messages"/> round trips, <see cref="Concurrency"/> at a time; each ends when its answer arrived.</summary>
    private static async Task<Result> MeasureAsync(Func<Guid, Task> send, ConcurrentDictionary<Guid, TaskCompletionSource> answered)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < Messages)
            {
                var id = Guid.NewGuid();
                var done = answered.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                var started = Stopwatch.GetTimestamp();
                await send(id);
                await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToList();
        return new Result(Messages / total.Elapsed.TotalSeconds, sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.99)]);
    }

    private static CitizenMessage Message(Guid id) => new()
    {
        MessageId = id, ConversationId = id, PatientPid = "13116900216", SenderName = "Line Danser", UnitHerId = JournalHer + "1",
        Subject = "Spørsmål", Body = "Hei, kan vi flytte timen til neste uke? Vi er bortreist da.", SentAt = DateTimeOffset.UtcNow,
    };

    private static async Task<Result> HttpRoundTripsAsync()
    {
        const string secret = "a-shared-secret-for-the-benchmark-only-0123456789";
        var credentials = new EpjInstallationCredentials { InstallationId = "bench", SharedSecret = secret };
        var answered = new ConcurrentDictionary<Guid, TaskCompletionSource>();
        var platformPort = LoadGenerator.FreePort();
        var journalPort = LoadGenerator.FreePort();
        using var toPlatform = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{platformPort}/") };
        var platformClient = new EpjPlatformClient(toPlatform, credentials);

        // The platform's inbound route: verify the signature, record the answer, give the receipt.
        var platform = WebApplication.CreateSlimBuilder();
        platform.WebHost.UseUrls($"http://127.0.0.1:{platformPort}");
        await using var platformApp = platform.Build();
        platformApp.MapPost("/" + EpjPlatformClient.InboundRoute, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            string? Header(string name) => context.Request.Headers[name].FirstOrDefault();
            if (!EpjRequestSigning.Verify(secret, "POST", context.Request.Path + context.Request.QueryString, Header(EpjRequestSigning.TimestampHeader), Header(EpjRequestSigning.SignatureHeader),
                    body, Header(EpjRequestSigning.ContractVersionHeader), Header(EpjRequestSigning.IdempotencyKeyHeader), Header(EpjRequestSigning.RequestIdHeader), DateTimeOffset.UtcNow))
            {
                return Results.Unauthorized();
            }

            var message = (HealthServiceMessage)JsonSerializer.Deserialize<InboundMessage>(body, EpjJson.Options)!;
            answered.TryGetValue(message.InReplyTo!.Value, out var done);
            done?.TrySetResult();
            return Results.Json(ApplicationReceipt.Ok(message.MessageId), EpjJson.Options);
        });
        await platformApp.StartAsync();

        // The journal: the SDK's request handler over a journal that takes the message and answers at once.
        var journal = WebApplication.CreateSlimBuilder();
        journal.WebHost.UseUrls($"http://127.0.0.1:{journalPort}");
        await using var journalApp = journal.Build();
        var handler = new EpjConnectorRequestHandler(new AnsweringJournal(platformClient), id => id == "bench" ? secret : null);
        journalApp.Map("/connector/{operation}", async (HttpContext context, string operation) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var answer = await handler.HandleAsync(context.Request.Method, context.Request.Path + context.Request.QueryString, operation, name => context.Request.Headers[name].FirstOrDefault(), buffer.ToArray(), context.RequestAborted);
            return Results.Content(answer.Body, "application/json", statusCode: answer.StatusCode);
        });
        await journalApp.StartAsync();

        using var toJournal = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{journalPort}/connector/") };
        var connector = new HttpEpjConnector(toJournal, credentials);
        var result = await MeasureAsync(async id => await connector.DeliverMessageAsync(Message(id), CancellationToken.None), answered);
        await journalApp.StopAsync();
        await platformApp.StopAsync();
        return result;
    }

    private sealed class AnsweringJournal(IEpjPlatform platform) : IEpjConnector
    {
        public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(new EpjCapabilities());

        public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
        {
            _ = Task.Run(() => platform.SendAsync(new HealthServiceMessage
            {
                MessageId = Guid.NewGuid(), ConversationId = message.ConversationId, InReplyTo = message.MessageId, PatientPid = message.PatientPid,
                UnitHerId = message.UnitHerId, Body = "Takk for meldingen. Vi ringer deg i morgen.", SentAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None), CancellationToken.None);
            return Task.FromResult(new EpjAcknowledgement { MessageId = message.MessageId, Receipt = ApplicationReceipt.Ok(message.MessageId) });
        }

        public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static async Task<Result> AmqpRoundTripsAsync()
    {
        var broker = NationalEpjHost.Broker;
        var folder = System.IO.Directory.CreateTempSubdirectory("bench-certificates-").FullName;
        var certificates = new PartyCertificateFolder(folder);
        var suffix = Random.Shared.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (platformHer, journalHer) = (PlatformHer + suffix, JournalHer + suffix);
        var answered = new ConcurrentDictionary<Guid, TaskCompletionSource>();
        await using var platformBus = new AmqpBus(broker);
        await using var journalBus = new AmqpBus(broker);
        var platform = new NationalEndpoint(platformBus, new NationalPartySettings { HerId = platformHer, Name = "Plattform", CreateOwnTestCertificates = true }, certificates, null, TimeProvider.System);
        var journal = new NationalEndpoint(journalBus, new NationalPartySettings { HerId = journalHer, Name = "Journal", CreateOwnTestCertificates = true }, certificates, null, TimeProvider.System);
        certificates.Own(platformHer, true);
        certificates.Own(journalHer, true);
        await platform.StartAsync(new Receiving(request => { answered.TryGetValue(NationalIds.ToGuid(request.RefToParent), out var done); done?.TrySetResult(); return null; }), CancellationToken.None);
        await journal.StartAsync(new Receiving(request =>
        {
            _ = Task.Run(() => journal.SendAsync(PlatformToJournal.Answer(request, DateTimeOffset.UtcNow, NationalCodes.SvarPaHenvendelse, "Takk for meldingen. Vi ringer deg i morgen."), CancellationToken.None));
            return NationalReceipt.Ok;
        }), CancellationToken.None);

        var route = new NationalRoute(new NationalParty(platformHer, "Plattform"), new NationalParty(journalHer, "Journal"));
        return await MeasureAsync(id => platform.SendAsync(PlatformToJournal.CitizenMessage(Message(id), route, DateTimeOffset.UtcNow), CancellationToken.None), answered);
    }

    private sealed class Receiving(Func<NationalMessage, NationalReceipt?> receive) : INationalReceiver
    {
        public Task<NationalReceipt?> ReceiveAsync(NationalMessage message, CancellationToken cancellationToken) => Task.FromResult(receive(message));

        public Task ReceiveAppRecAsync(NationalAppRec appRec, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<NationalMessage> AnswerAsync(NationalMessage request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReceiveTransportErrorAsync(NationalEnvelope error, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
