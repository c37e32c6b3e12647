using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.National;
using DigiHelsestasjon.EpjIntegration.Operations;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

// One collection: the two classes share the broker, and one of their tests restarts it.
[Collection(NationalBus.Collection)]
public sealed class NationalTransportOnSqlite(SqliteOverAmqp host) : NationalTransportTests<SqliteOverAmqp>(host);

[Collection(NationalBus.Collection)]
public sealed class NationalTransportOnPostgres(PostgresOverAmqp host) : NationalTransportTests<PostgresOverAmqp>(host);

[Collection(NationalBus.Collection)]
[NeedsSqlServer]
public sealed class NationalTransportOnSqlServer(SqlServerOverAmqp host) : NationalTransportTests<SqlServerOverAmqp>(host);

public static class NationalBus
{
    public const string Collection = "national bus";

    /// <summary>rabbitmqctl on this machine (the broker <c>scripts/ensure-rabbitmq.sh</c> started), or null.</summary>
    public static string? Ctl => new[] { "/usr/sbin/rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl" }.FirstOrDefault(File.Exists);

    /// <summary>Stops or starts the broker's application (connections end, durable queues and messages stay): what a
    /// broker restart does to its clients.</summary>
    public static async Task ControlAsync(string command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Ctl!, command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"rabbitmqctl {command}: {output}");
    }
}

/// <summary>A test that restarts the broker: skipped, saying why, where this machine cannot (a remote broker, no rabbitmqctl).</summary>
public sealed class LocalBrokerFactAttribute : FactAttribute
{
    public LocalBrokerFactAttribute()
    {
        var broker = NationalEpjHost.Broker;
        if (NationalBus.Ctl is null || !(broker.Contains("@127.0.0.1", StringComparison.Ordinal) || broker.Contains("@localhost", StringComparison.Ordinal)))
        {
            Skip = "restarting the broker needs a local RabbitMQ with rabbitmqctl (scripts/ensure-rabbitmq.sh)";
        }
    }
}

/// <summary>The platform in helsenorge's part on a real RabbitMQ: the simulated journals speak KITH XML over AMQP, signed
/// and encrypted, and a test journal sends what a faulty or hostile one would.</summary>
public abstract class NationalTransportTests<THost>(THost host) : IClassFixture<THost>
    where THost : NationalEpjHost
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Given_a_journal_on_the_national_bus_When_it_publishes_moves_and_cancels_an_appointment_Then_the_platform_follows_each_change()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");
        var start = host.Time.GetUtcNow().AddDays(21);
        var booked = await client.PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid, unitId = DemoUnits.Id("9901", 1), start, type = "Vaksinasjon" });
        booked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var appointmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId), "the new appointment (MOA) reaches the platform");

        (await client.PutAsJsonAsync($"/simulators/epj/visma/appointments/{appointmentId}", new { start = start.AddHours(3) })).EnsureSuccessStatusCode();
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId && e.Change == "changed"), "the move (07) reaches the platform");
        (await client.DeleteAsync($"/simulators/epj/visma/appointments/{appointmentId}")).EnsureSuccessStatusCode();
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId && e.Status == "cancelled"), "the cancellation (08) reaches the platform");

        var events = host.Published.Of<EpjAppointmentPublished>().Where(e => e.EpjAppointmentId == appointmentId).ToList();
        events.Select(e => e.Version).ShouldBe([1, 2, 3], "related-to keeps the appointment's identity, SEQUENCE its version");
        events[1].Start.ShouldBe(start.AddHours(3), TimeSpan.FromSeconds(1), "xCal carries the time to the second");

        // A second appointment the child does not come to: 11 (no-show), as the parent then sees it.
        var missed = await BookAsync(client, "visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(22));
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == missed), "the second appointment reaches the platform");
        (await client.PutAsJsonAsync($"/simulators/epj/visma/appointments/{missed}", new { status = "noShow" })).EnsureSuccessStatusCode();
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == missed && e.Status == "noShow"), "the no-show (11) reaches the platform");
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = await ChildIdAsync();
        var seen = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/appointments")).EnumerateArray().ToList();
        seen.ShouldContain(a => a.GetProperty("status").GetString() == "noShow", "the parent sees the time as not attended");
        seen.ShouldContain(a => a.GetProperty("status").GetString() == "cancelled", "and the cancelled one as cancelled");
    }

    [Fact]
    public async Task Given_a_parent_with_a_file_When_she_writes_to_the_unit_over_the_national_bus_Then_the_file_reaches_the_journal_with_the_message()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = await ChildIdAsync();
        var unit = DemoUnits.Id("9901", 1);
        var started = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads", new { unitId = unit, subject = "Utslett", body = "Se bildet som kommer" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var thread = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "utslett.png");
        var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{child}/threads/{thread}/attachments") { Content = form };
        upload.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var uploaded = await guardian.SendAsync(upload);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var attachment = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachmentId").GetGuid();

        (await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{thread}/messages", new { body = "Her er bildet", attachmentIds = new[] { attachment } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var pid = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        JsonElement entry = default;
        await EventuallyAsync(
            async () => (await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}")).GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("text").GetString() == "Her er bildet").Select(e => (JsonElement?)e).FirstOrDefault() is { } found && (entry = found).ValueKind != JsonValueKind.Undefined,
            () => "the message reaches the journal over the bus");
        entry.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()).ShouldBe([$"utslett.png (image/png, {png.Length} bytes)"], "the file went as a base64 document in the Dialogmelding");
        entry.GetProperty("actedBy").GetString().ShouldNotBeNull().ShouldEndWith("(parent)", Case.Sensitive, "the parent who wrote came as the Pasientrelasjon");
        var opening = (await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("text").GetString() == "Se bildet som kommer");
        (opening.GetProperty("messageId").GetGuid(), entry.GetProperty("conversationId").GetGuid())
            .ShouldBe((thread, thread), "the journal sees one conversation, named by the MsgId of its first message");
        await EventuallyAsync(
            async () => (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads/{thread}")).GetProperty("messages").EnumerateArray()
                .Any(m => m.GetProperty("body").GetString() == "Her er bildet" && m.GetProperty("deliveryState").GetString() == "journaled"),
            () => "the parent sees it journaled once the journal's AppRec came");
    }

    [Fact]
    public async Task Given_a_unit_writing_with_a_file_over_the_national_bus_When_the_parent_opens_the_thread_Then_the_file_is_there()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = await ChildIdAsync();
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var subject = $"Skjema {Guid.NewGuid():N}";
        var message = JournalToPlatform.HealthServiceMessage(new HealthServiceMessage
        {
            MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), PatientPid = pid, UnitHerId = journal.UnitHerId, Subject = subject, Body = "Se vedlagt skjema.",
            Attachments = [new EpjAttachment { FileName = "skjema.png", ContentType = "image/png", Content = png }],
        }, journal.Route, host.Time.GetUtcNow());

        (await journal.SendAsync(KithXml.Write(message))).Status.ShouldBe(AppRecStatus.Ok);

        await host.QuietAsync();
        var thread = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads")).EnumerateArray()
            .Single(t => t.GetProperty("subject").GetString() == subject).GetProperty("threadId").GetGuid();
        var files = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads/{thread}")).GetProperty("messages").EnumerateArray().Single()
            .GetProperty("attachments").EnumerateArray().Select(f => (f.GetProperty("fileName").GetString(), f.GetProperty("contentType").GetString(), f.GetProperty("size").GetInt64())).ToList();
        files.ShouldBe([("skjema.png", "image/png", (long)png.Length)], "the DI's base64 document reaches the parent's thread");
    }

    [Fact]
    public async Task Given_a_citizens_message_When_sent_over_the_national_bus_Then_the_journal_answers_with_an_AppRec_and_it_is_journaled_once()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var messageId = await RequestMessageAsync(pid, DemoUnits.Id("9901", 1), "Hei, kan vi flytte timen til neste uke?");

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        EpjItemView? item = null;
        await EventuallyAsync(async () => (item = await ItemAsync(admin, messageId))?.State == "journaled", () => $"the journal's AppRec marks it journaled (the item: {JsonSerializer.Serialize(item)}; journal: {client.GetStringAsync($"/simulators/epj/visma/journal?pid={pid}").Result})");
        item!.ReceiptStatus.ShouldBe("ok");
        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("messageId").GetGuid() == messageId).ShouldBe(1, "the Henvendelse is journaled once");
    }

    [Fact]
    public async Task Given_a_unit_writing_to_a_parent_over_the_national_bus_When_it_writes_again_in_the_thread_Then_both_arrive_in_one_thread()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        await host.QuietAsync();
        var before = host.Published.Of<Messaging.Contracts.HealthServiceMessageArrived>().Count();
        (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = DemoUnits.Id("9901", 1), body = "Hei! Husk å ta med helsekortet." })).EnsureSuccessStatusCode();
        await EventuallyAsync(() => host.Published.Of<Messaging.Contracts.HealthServiceMessageArrived>().Count() > before, "the unit's message (DI) arrives");
        var thread = host.Published.Of<Messaging.Contracts.HealthServiceMessageArrived>().Skip(before).First().ThreadId;

        (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Og vaksinasjonskortet." })).EnsureSuccessStatusCode();
        await EventuallyAsync(() => host.Published.Of<Messaging.Contracts.HealthServiceMessageArrived>().Count() > before + 1, "the second message arrives");
        host.Published.Of<Messaging.Contracts.HealthServiceMessageArrived>().Skip(before).Select(m => m.ThreadId).ShouldBe([thread, thread], "ConversationRef keeps the thread");
    }

    [Fact]
    public async Task Given_a_parents_cancellation_When_sent_to_each_journal_Then_Visma_cancels_at_once_InfoDoc_after_staff_decide_and_CGM_refuses_inside_24_hours()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");
        var visma = await BookAsync(client, "visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(10));
        var infodoc = await BookAsync(client, "infodoc", pid, DemoUnits.Id("9902", 1), host.Time.GetUtcNow().AddDays(10));
        var cgm = await BookAsync(client, "cgm", pid, DemoUnits.Id("9903", 1), host.Time.GetUtcNow().AddHours(12));

        var vismaCancellation = await RequestCancellationAsync(pid, DemoUnits.Id("9901", 1), visma);
        var infodocCancellation = await RequestCancellationAsync(pid, DemoUnits.Id("9902", 1), infodoc);
        var cgmCancellation = await RequestCancellationAsync(pid, DemoUnits.Id("9903", 1), cgm);

        var infodocAdmin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
        await EventuallyAsync(async () => (await ItemAsync(infodocAdmin, infodocCancellation))?.ReceiptStatus == "ok", "InfoDoc receives it (AppRec) and leaves the decision to staff");
        (await ItemAsync(infodocAdmin, infodocCancellation))!.State.ShouldNotBe("journaled", "nobody has decided yet");
        (await client.PostAsJsonAsync($"/simulators/epj/infodoc/cancellations/{infodoc}/decision", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await EventuallyAsync(async () => (await ItemAsync(infodocAdmin, infodocCancellation))?.State == "journaled", "the staff's decision goes back as 08");

        var vismaAdmin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var cgmAdmin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9903", 1));
        await EventuallyAsync(async () => (await ItemAsync(vismaAdmin, vismaCancellation))?.State == "journaled",
            () => $"Visma answers 08 at once; the item: {JsonSerializer.Serialize(ItemAsync(vismaAdmin, vismaCancellation).Result)}; Visma's journal: {client.GetStringAsync($"/simulators/epj/visma/journal?pid={pid}").Result}");
        (await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("messageId").GetGuid() == vismaCancellation).GetProperty("actedBy").GetString().ShouldNotBeNull().ShouldEndWith("(parent)", Case.Sensitive, "the ART names the parent who asked");
        await EventuallyAsync(async () => (await ItemAsync(cgmAdmin, cgmCancellation))?.State == "refused",
            () => $"CGM answers 09 inside its 24 hours (sent as ..._AVTALEBESTILLING, as its agreement says); the item: {JsonSerializer.Serialize(ItemAsync(cgmAdmin, cgmCancellation).Result)}; CGM's journal: {client.GetStringAsync($"/simulators/epj/cgm/journal?pid={pid}").Result}");
    }

    [LocalBrokerFact]
    public async Task Given_the_broker_restarting_mid_flow_When_messages_go_both_ways_Then_nothing_is_lost_and_nothing_happens_twice()
    {
        var client = host.CreateClient();
        var guardian = await Citizens.PidOfAsync(client, "guardian");
        var child = await Citizens.PidOfAsync(client, "child-under-12");
        await host.QuietAsync();
        Guid messageId;
        string appointmentId;
        await NationalBus.ControlAsync("stop_app");
        try
        {
            // The platform's delivery fails while the broker is away: the item waits for its retry.
            messageId = await RequestMessageAsync(guardian, DemoUnits.Id("9901", 1), "Sendt mens meldingstjenesten var nede.");
            await host.QuietAsync();

            // The journal's message fails too: the journal keeps it and sends it again.
            appointmentId = await BookAsync(client, "visma", child, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(30));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await NationalBus.ControlAsync("start_app");
        }

        host.Time.Advance(TimeSpan.FromMinutes(5));
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        EpjItemView? item = null;
        await EventuallyAsync(async () => (item = await ItemAsync(admin, messageId))?.State == "journaled", () => $"the message sent during the restart is journaled (the item: {JsonSerializer.Serialize(item)})");
        item!.Attempts.ShouldBeGreaterThanOrEqualTo(2, "the first attempt met the stopped broker");
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId), "the appointment published during the restart arrives");

        await host.QuietAsync();
        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={guardian}");
        journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("messageId").GetGuid() == messageId).ShouldBe(1, "journaled once");
        host.Published.Of<EpjAppointmentPublished>().Count(e => e.EpjAppointmentId == appointmentId).ShouldBe(1, "published once");
    }

    [Fact]
    public async Task Given_a_15_year_old_When_she_books_a_free_time_over_the_national_bus_Then_HLT_offers_it_and_RT_books_it_in_the_journal_with_what_it_is_about()
    {
        var client = host.CreateClient();
        var pid = await YouthPidAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();
        var unit = DemoUnits.Id("9901", 2);

        var free = await mediator.Send(new GetEpjFreeSlots(unit, host.Time.GetUtcNow(), host.Time.GetUtcNow().AddDays(21)));
        free.Offered.ShouldBeTrue();
        free.Reachable.ShouldBeTrue("the journal answers HLT on its sync queue");
        free.Slots.ShouldNotBeEmpty();
        free.TakesNote.ShouldBeTrue("the national RT carries the citizen's words in its Sporsmal");
        var slot = free.Slots[0];

        var reservation = Guid.NewGuid();
        await mediator.Send(new ReserveEpjSlot(reservation, unit, person, slot.EpjSlotId, "self", Note: "Vil snakke om trening og mat."));

        var admin = await Citizens.StaffAsync(host, "admin", unit);
        EpjItemView? item = null;
        await EventuallyAsync(async () => (item = await ItemAsync(admin, reservation))?.State == "journaled", () => $"the journal's 05 books it (the item: {JsonSerializer.Serialize(item)})");
        var appointmentId = item!.DocumentReference.ShouldNotBeNull();
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId), "the booked time reaches her list");
        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("appointments").EnumerateArray().Count(a => a.GetProperty("appointmentId").GetString() == appointmentId).ShouldBe(1);
        journal.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("messageId").GetGuid() == reservation).GetProperty("note").GetString()
            .ShouldBe("Vil snakke om trening og mat.", "what it is about reached the journal");
    }

    [Fact]
    public async Task Given_a_15_year_old_When_she_asks_the_school_nurse_for_a_time_over_the_national_bus_Then_the_answer_comes_in_her_thread_with_her_appointment_and_her_parent_sees_neither()
    {
        var youth = await Citizens.LoginAsync(host, "youth-15");
        var me = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var unit = DemoUnits.Id("9901", 2);
        var wish = $"Helst torsdag formiddag. Jeg har vondt i ryggen. {Guid.NewGuid():N}";

        var started = await PostWithKeyAsync(youth, $"/api/v1/subjects/{me}/threads", new { unitId = unit, topic = "time-wish", subject = "Ønske om time", body = wish });

        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var thread = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
        List<JsonElement> messages = [];
        await EventuallyAsync(
            async () => (messages = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{me}/threads/{thread}")).GetProperty("messages").EnumerateArray().ToList()).Count >= 2,
            () => $"the unit's answer (Timeønske ungdom, 05) arrives in her thread: {string.Join(" | ", messages.Select(m => m.GetProperty("body").GetString()))}");
        messages[0].GetProperty("body").GetString().ShouldBe(wish);
        messages[1].GetProperty("body").GetString()!.ShouldStartWith("Du har fått time", customMessage: "the simulated journal gives the first free time");
        await EventuallyAsync(
            async () => (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{me}/appointments")).EnumerateArray().Any(a => a.GetProperty("unitId").GetGuid() == unit),
            () => "the time given is in her appointments");
        await EventuallyAsync(
            async () => (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{me}/threads/{thread}")).GetProperty("messages")[0].GetProperty("deliveryState").GetString() == "journaled",
            () => "the wish counts as journaled once the unit answered it");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={await Citizens.PidOfAsync(host.CreateClient(), "youth-15")}");
        journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("text").GetString() == wish).ShouldBe(1, "the wish is in her journal once");

        var parent = await Citizens.LoginAsync(host, "guardian-of-youth-15");
        (await parent.GetAsync($"/api/v1/subjects/{me}/threads/{thread}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a youth's own wish is not her parent's to read");
        var asParent = await PostWithKeyAsync(parent, $"/api/v1/subjects/{me}/threads", new { unitId = unit, topic = "time-wish", subject = "Ønske om time", body = "Kan hun få time?" });
        asParent.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_unit_connected_to_a_journal_on_the_national_bus_through_the_admin_API_When_the_acceptance_test_runs_Then_the_kit_checks_the_journal_over_AMQP_and_it_can_be_promoted()
    {
        var national = await Citizens.StaffAsync(host, "national-admin");
        var kommunenummer = $"98{Random.Shared.Next(10, 99)}";
        (await national.PostAsJsonAsync("/api/v1/admin/municipalities", new { kommunenummer, name = $"Busskommune {kommunenummer}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var herId = $"{kommunenummer}{Random.Shared.Next(100, 999)}";
        var added = await national.PostAsJsonAsync($"/api/v1/admin/municipalities/{kommunenummer}/units",
            new { herId, name = $"Busskommune {kommunenummer} helsestasjon", type = "health-station", address = "Torget 1", openingHours = "Man-fre 08:00-15:30" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var unitId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitId").GetGuid();
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/units", new { unitId, herId, name = $"Busskommune {kommunenummer} helsestasjon", type = "health-station" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var refused = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection", new { vendor = "visma", transport = "amqp", baseAddress = "1234567", environment = "test" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a HER-id with no agreement under Epj:National:Journals");

        var connected = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection", new { vendor = "visma", transport = "amqp", baseAddress = host.JournalHerId("visma"), environment = "test" });
        connected.StatusCode.ShouldBe(HttpStatusCode.OK, await connected.Content.ReadAsStringAsync());
        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        var ran = await admin.PostAsync($"/api/v1/admin/municipalities/{kommunenummer}/acceptance-tests", null);

        ran.StatusCode.ShouldBe(HttpStatusCode.Created, await ran.Content.ReadAsStringAsync());
        var run = await ran.Content.ReadFromJsonAsync<JsonElement>();
        var cases = run.GetProperty("cases").EnumerateArray().ToList();
        var failed = cases.Where(c => c.GetProperty("verdict").GetString() == "failed").Select(c => $"{c.GetProperty("check").GetString()}: {c.GetProperty("message").GetString()}").ToList();
        failed.ShouldBeEmpty("the kit's checks hold for the journal over AMQP");
        cases.Count(c => c.GetProperty("verdict").GetString() == "passed").ShouldBeGreaterThanOrEqualTo(10, "receipts, duplicates, E35, size limits, slot booking and outcomes are checked over the bus, not skipped");
        run.GetProperty("verdict").GetString().ShouldBe("passed");

        var promoted = await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true });
        promoted.StatusCode.ShouldBe(HttpStatusCode.OK, await promoted.Content.ReadAsStringAsync());
        var view = await promoted.Content.ReadFromJsonAsync<JsonElement>();
        (view.GetProperty("environment").GetString(), view.GetProperty("transport").GetString()).ShouldBe(("production", "amqp"));
    }

    [Fact]
    public async Task Given_a_journal_on_the_national_bus_When_a_parent_reads_vaccinations_Then_they_come_by_the_platforms_own_contract()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();

        // The child's doses were given where the family lived: ask the three journals (each on the bus).
        var records = await mediator.Send(new GetEpjHealthRecords(person, [DemoUnits.Id("9901", 1), DemoUnits.Id("9902", 1), DemoUnits.Id("9903", 1)], EpjSelfServiceKinds.Vaccinations));

        records.Unreachable.ShouldBeEmpty();
        records.Entries.ShouldNotBeEmpty("no national process carries vaccinations; the journal's own-contract connector answers");
    }

    [Fact]
    public async Task Given_a_journal_sending_the_same_message_twice_When_both_arrive_Then_one_effect_and_one_AppRec()
    {
        await using var journal = await TestJournal.StartAsync(host);
        // Written five hours ago, sent now: the AppRec names the message by when it was written.
        var written = journal.Appointment(await YouthPidAsync(), $"DUP-{Guid.NewGuid():N}");
        var message = written with { GenDate = written.GenDate.AddHours(-5) };

        var first = await journal.SendAsync(KithXml.Write(message));
        first.OriginalIssueDate.ToUnixTimeSeconds().ShouldBe(message.GenDate.ToUnixTimeSeconds(), "OriginalMsgId/IssueDate is the answered message's GenDate");
        await journal.SendOnlyAsync(KithXml.ToBytes(KithXml.Write(message)), e => e with { MessageId = Guid.NewGuid().ToString() });

        first.Status.ShouldBe(AppRecStatus.Ok);
        await EventuallyAsync(() => host.Logs.Lines.Any(l => l.Contains(journal.HerId, StringComparison.Ordinal) && l.Contains("MsgId already answered", StringComparison.Ordinal)), "the second copy is discarded as a duplicate");
        journal.Unread.ShouldBe(0, "the AppRec goes once per MsgId (HITS 1216 2.2.4)");
        await host.QuietAsync();
        host.Published.Of<EpjAppointmentPublished>().Count(e => e.EpjAppointmentId == message.Events[0].RelatedTo).ShouldBe(1, "the duplicate has no second effect");
    }

    [Fact]
    public async Task Given_content_that_is_not_XML_When_received_Then_it_goes_to_the_senders_error_queue_as_not_well_formed()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var answer = await journal.SendRawAsync("this is not XML"u8.ToArray());
        answer.AppRec.ShouldBeNull("without a readable header there is no MsgId to answer");
        answer.Error.ShouldNotBeNull().ErrorCondition.ShouldBe(TransportErrors.NotWellFormedXml);
    }

    [Fact]
    public async Task Given_a_header_that_validates_with_nothing_readable_in_it_When_received_Then_the_AppRec_is_T01_and_nothing_changes()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"T01-{Guid.NewGuid():N}");
        var document = KithXml.Write(message);
        foreach (var content in document.Descendants().Where(e => e.Name.LocalName == "Content").ToList())
        {
            content.RemoveNodes();
        }

        var answer = await journal.SendAsync(document);

        answer.Status.ShouldBe(AppRecStatus.Rejected);
        answer.Errors.Single().Code.ShouldBe("T01");
        host.Published.Of<EpjAppointmentPublished>().ShouldNotContain(e => e.EpjAppointmentId == message.Events[0].RelatedTo);
    }

    [Fact]
    public async Task Given_a_process_the_platform_has_no_agreement_for_When_received_Then_it_goes_to_the_error_queue_as_unsupported()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"UNSUPPORTED-{Guid.NewGuid():N}");

        var answer = await journal.SendRawAsync(KithXml.ToBytes(KithXml.Write(message)), shape: e => e with { Subject = "DIALOG_INNBYGGER_RESEPTFORNYELSE" });

        answer.Error.ShouldNotBeNull().ErrorCondition.ShouldBe(TransportErrors.UnsupportedMessage);
        await host.QuietAsync();
        host.Published.Of<EpjAppointmentPublished>().ShouldNotContain(e => e.EpjAppointmentId == message.Events[0].RelatedTo);
    }

    [Fact]
    public async Task Given_a_message_without_its_application_timestamp_When_received_Then_the_error_queue_names_the_missing_field()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"NOTIME-{Guid.NewGuid():N}");

        var answer = await journal.SendRawAsync(KithXml.ToBytes(KithXml.Write(message)), shape: e => e with { ApplicationTimeStamp = default });

        var error = answer.Error.ShouldNotBeNull();
        (error.ErrorCondition, error.ErrorConditionData).ShouldBe((TransportErrors.RequiredFieldMissing, "[\"applicationTimeStamp\"]"));
    }

    [Fact]
    public async Task Given_the_same_AMQP_message_twice_When_both_arrive_Then_the_first_is_answered_and_the_second_is_only_logged()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"AMQPDUP-{Guid.NewGuid():N}");
        var amqpId = Guid.NewGuid().ToString();
        var bytes = KithXml.ToBytes(KithXml.Write(message));

        var first = await journal.SendRawAsync(bytes, shape: e => e with { MessageId = amqpId });
        first.AppRec.ShouldNotBeNull().Status.ShouldBe(AppRecStatus.Ok);
        await journal.SendOnlyAsync(bytes, e => e with { MessageId = amqpId });

        await EventuallyAsync(() => host.Logs.Lines.Any(l => l.Contains(journal.HerId, StringComparison.Ordinal) && l.Contains("AMQP id already handled", StringComparison.Ordinal)), "the second copy is logged as a duplicate");
        journal.Unread.ShouldBe(0, "no second AppRec and no error report (HITS 1216 2.2.3)");
        host.Published.Of<EpjAppointmentPublished>().Count(e => e.EpjAppointmentId == message.Events[0].RelatedTo).ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_message_that_fails_the_schema_When_received_Then_the_AppRec_is_T02_and_nothing_changes()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"T02-{Guid.NewGuid():N}");
        var document = KithXml.Write(message);
        document.Descendants().Where(e => e.Name.LocalName == "Document").Remove();

        var answer = await journal.SendAsync(document);

        answer.Status.ShouldBe(AppRecStatus.Rejected);
        answer.Errors.Single().Code.ShouldBe("T02");
        host.Published.Of<EpjAppointmentPublished>().ShouldNotContain(e => e.EpjAppointmentId == message.Events[0].RelatedTo);
    }

    [Fact]
    public async Task Given_a_message_whose_receiver_is_not_the_platform_When_received_Then_the_AppRec_is_E10()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"E10-{Guid.NewGuid():N}") with { Receiver = new NationalParty("1234567", "Someone else") };

        var answer = await journal.SendAsync(KithXml.Write(message));

        answer.Status.ShouldBe(AppRecStatus.Rejected);
        answer.Errors.Single().Code.ShouldBe("E10");
    }

    // A vendor's check: a journal that addresses as HITS 1217 2.3 says (virksomhet at level 1, its communication party at
    // level 2, on both sides) was refused as spoofing, then with E10.
    [Fact]
    public async Task Given_a_unit_that_is_its_own_communication_party_under_its_municipality_When_the_platform_writes_to_it_Then_the_municipality_is_level_1_the_unit_level_2_and_the_units_queue_takes_it()
    {
        const string municipality = "974600951";
        await using var journal = await TestJournal.StartAsync(host, organisationHerId: municipality);
        var connector = new AmqpEpjConnector(host.Services.GetRequiredService<NationalTransport>(), host.Services.GetRequiredService<NationalJournals>(), journal.HerId, host.Time);
        var id = Guid.NewGuid();

        await connector.DeliverMessageAsync(new CitizenMessage
        {
            MessageId = id, ConversationId = id, PatientPid = await YouthPidAsync(), UnitHerId = journal.HerId, Subject = "Time", Body = "Kan jeg få time?", SentAt = host.Time.GetUtcNow(),
        }, CancellationToken.None);
        var (message, toHerId) = await journal.ReceiveAsync();

        (message.Receiver.HerId, message.Receiver.UnitHerId).ShouldBe((municipality, journal.HerId), "HITS 1217 2.3: the organisation at level 1, the communication party at level 2");
        toHerId.ShouldBe(journal.HerId, "the unit's own queue");
        message.Sender.HerId.ShouldBe(host.PlatformHerId);
    }

    [Fact]
    public async Task Given_a_journal_whose_queue_is_not_there_yet_When_the_platform_writes_to_it_Then_the_message_waits_on_the_queue_instead_of_being_dropped()
    {
        // The journal is not running: a listener attached while the queue is deleted would race the deletion.
        await using var journal = await TestJournal.StartAsync(host, listen: false);
        await BrokerQueues.DeleteQueuesAsync(NationalEpjHost.Broker, [NationalQueues.Async(journal.HerId)]);
        var connector = new AmqpEpjConnector(host.Services.GetRequiredService<NationalTransport>(), host.Services.GetRequiredService<NationalJournals>(), journal.HerId, host.Time);
        var id = Guid.NewGuid();

        await connector.DeliverMessageAsync(new CitizenMessage
        {
            MessageId = id, ConversationId = id, PatientPid = await YouthPidAsync(), UnitHerId = journal.HerId, Subject = "Time", Body = "Er dere der?", SentAt = host.Time.GetUtcNow(),
        }, CancellationToken.None);
        journal.Listen();

        var (message, _) = await journal.ReceiveAsync();
        message.MsgId.ShouldBe(id.ToString(), "RabbitMQ drops a message for a missing queue; sending declares it on a broker of our own");
    }

    [Fact]
    public async Task Given_a_message_the_journal_reported_on_the_error_queue_When_the_platform_sends_it_again_Then_it_keeps_its_MsgId_under_a_new_AMQP_id()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var connector = new AmqpEpjConnector(host.Services.GetRequiredService<NationalTransport>(), host.Services.GetRequiredService<NationalJournals>(), journal.HerId, host.Time);
        var id = Guid.NewGuid();
        var message = new CitizenMessage { MessageId = id, ConversationId = id, PatientPid = await YouthPidAsync(), UnitHerId = journal.HerId, Subject = "Time", Body = "Hei", SentAt = host.Time.GetUtcNow() };
        await connector.DeliverMessageAsync(message, CancellationToken.None);
        var (first, _, firstAmqpId) = await journal.ReceiveWithAmqpIdAsync();

        await journal.ReportOnPlatformsErrorQueueAsync(firstAmqpId, TransportErrors.InvalidCertificate);
        await EventuallyAsync(() => host.Logs.Lines.Any(l => l.Contains(journal.HerId, StringComparison.Ordinal) && l.Contains("reported a transport error on a platform message", StringComparison.Ordinal)), "the platform reads the report");
        await connector.DeliverMessageAsync(message, CancellationToken.None);
        var (second, _, secondAmqpId) = await journal.ReceiveWithAmqpIdAsync();

        second.MsgId.ShouldBe(first.MsgId);
        secondAmqpId.ShouldNotBe(firstAmqpId, "HITS 1216 2.2.5: resent after an error-queue report, a message gets a new AMQP id");
    }

    [Fact]
    public async Task Given_a_journal_that_addresses_both_organisation_levels_as_the_guide_says_When_it_sends_an_appointment_Then_it_is_taken()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var appointmentId = $"LEVELS-{Guid.NewGuid():N}";
        var message = journal.Appointment(await YouthPidAsync(), appointmentId) with
        {
            Sender = new NationalParty("8000001", "Testkommune", journal.HerId, "Testkommune helsetjeneste"),
            Receiver = new NationalParty("115851", "DIREKTORATET FOR E-HELSE", host.PlatformHerId, "Digitale innbyggertjenester"),
        };

        var answer = await journal.SendAsync(KithXml.Write(message));

        answer.Status.ShouldBe(AppRecStatus.Ok, string.Join("; ", answer.Errors.Select(e => $"{e.Code} {e.Description}")));
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId), "the appointment reaches the platform");
    }

    [Fact]
    public async Task Given_a_patient_the_platform_does_not_know_When_an_appointment_arrives_Then_the_AppRec_is_E35()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var unknown = host.Services.GetRequiredService<IConfiguration>()["Epj:Acceptance:UnknownPatientPid"]!;

        var answer = await journal.SendAsync(KithXml.Write(journal.Appointment(unknown, $"E35-{Guid.NewGuid():N}")));

        answer.Status.ShouldBe(AppRecStatus.Rejected);
        answer.Errors.Single().Code.ShouldBe("E35");
    }

    [Fact]
    public async Task Given_a_message_signed_with_another_certificate_When_received_Then_it_goes_to_the_senders_error_queue_and_has_no_effect()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"SIG-{Guid.NewGuid():N}");
        var intruder = journal.Certificates.Own($"{journal.HerId}0", createIfMissing: true);

        var answer = await journal.SendRawAsync(KithXml.ToBytes(KithXml.Write(message)), intruder.Signing);

        answer.AppRec.ShouldBeNull("a message that cannot be trusted gets no AppRec");
        answer.Error.ShouldNotBeNull().ErrorCondition.ShouldBe(TransportErrors.Spoofing);
        await host.QuietAsync();
        host.Published.Of<EpjAppointmentPublished>().ShouldNotContain(e => e.EpjAppointmentId == message.Events[0].RelatedTo);
    }

    [Fact]
    public async Task Given_a_message_whose_MsgHead_sender_differs_from_the_transports_When_received_Then_it_is_reported_as_spoofing()
    {
        await using var journal = await TestJournal.StartAsync(host);
        var message = journal.Appointment(await YouthPidAsync(), $"SPOOF-{Guid.NewGuid():N}") with { Sender = new NationalParty(host.JournalHerId("visma"), "Visma") };

        var answer = await journal.SendRawAsync(KithXml.ToBytes(KithXml.Write(message)));

        answer.AppRec.ShouldBeNull();
        answer.Error.ShouldNotBeNull().ErrorCondition.ShouldBe(TransportErrors.Spoofing);
    }

    private async Task<string> YouthPidAsync() => await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");

    private static async Task<string> BookAsync(HttpClient client, string vendor, string pid, Guid unitId, DateTimeOffset start)
    {
        var booked = await client.PostAsJsonAsync($"/simulators/epj/{vendor}/appointments", new { pid, unitId, start, type = "Helsekontroll" });
        booked.EnsureSuccessStatusCode();
        return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
    }

    private async Task<Guid> RequestMessageAsync(string pid, Guid unitId, string body)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();
        var request = new EpjCitizenMessageRequested(Guid.NewGuid(), unitId, person, "parent", "Test Testesen", Guid.NewGuid(), null, "Spørsmål", body, []);
        await mediator.Publish(request);
        return request.MessageId;
    }

    private async Task<Guid> RequestCancellationAsync(string pid, Guid unitId, string appointmentId)
    {
        // The appointment reaches the platform over the bus first; a cancellation names one the platform holds.
        await EventuallyAsync(() => host.Published.Of<EpjAppointmentPublished>().Any(e => e.EpjAppointmentId == appointmentId), "the appointment is published first");
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();
        var parent = (await mediator.Send(new ResolvePersonId(await Citizens.PidOfAsync(host.CreateClient(), "guardian")))).ShouldNotBeNull();
        var request = new EpjCancellationRequested(Guid.NewGuid(), unitId, person, appointmentId, "Syk", "parent", false, parent);
        await mediator.Publish(request);
        return request.MessageId;
    }

    private async Task<Guid> ChildIdAsync() =>
        (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static async Task<EpjItemView?> ItemAsync(HttpClient admin, Guid messageId) =>
        (await admin.GetFromJsonAsync<List<EpjItemView>>("/api/v1/admin/epj/items"))!.FirstOrDefault(i => i.MessageId == messageId && i.Direction == "outbound");

    private Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), () => what);

    private Task EventuallyAsync(Func<Task<bool>> condition, string what) => EventuallyAsync(condition, () => what);

    /// <summary>Messages cross the broker outside the host's own work queues, so the test lets the host's queues run
    /// (<c>QuietAsync</c>) until it sees what it expects, up to a minute on a busy machine, and fails naming it.</summary>
    private async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await host.QuietAsync();
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"Not seen within {Patience.TotalSeconds:0} s: {what()}. The transport logged: {string.Join(" | ", host.Logs.Lines.Where(l => l.Contains("National", StringComparison.Ordinal) || l.Contains("Amqp", StringComparison.Ordinal) || l.Contains("warn", StringComparison.OrdinalIgnoreCase)).TakeLast(8))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A journal the test controls on the bus: its own HER-id and certificates, registered with the platform as
    /// serving Visma's installation, sending what a faulty or hostile journal would, and reading what comes back.</summary>
    private sealed class TestJournal : IAsyncDisposable
    {
        private readonly AmqpBus bus = new(NationalEpjHost.Broker);
        private readonly Channel<NationalEnvelope> arrived = Channel.CreateUnbounded<NationalEnvelope>();
        private THost target = default!;

        public string HerId { get; } = $"8{Random.Shared.Next(1000000, 9999999)}";

        public PartyCertificateFolder Certificates { get; private set; } = default!;

        public static async Task<TestJournal> StartAsync(THost host, string? organisationHerId = null, bool listen = true)
        {
            var journal = new TestJournal { target = host, Certificates = new PartyCertificateFolder(host.CertificateFolder) };
            journal.Certificates.Own(journal.HerId, createIfMissing: true);
            host.Services.GetRequiredService<NationalJournals>().Register(journal.HerId,
                new NationalJournalOptions { InstallationId = EpjDemoData.DemoInstallationId("visma"), OrganisationHerId = organisationHerId, OrganisationName = organisationHerId is null ? null : "Testkommune" });
            await journal.bus.DeclareAsync(NationalQueues.All(journal.HerId), CancellationToken.None);
            if (listen)
            {
                journal.Listen();
            }

            return journal;
        }

        /// <summary>Starts reading the journal's queues (a journal that was not running yet reads what waited for it).</summary>
        public void Listen()
        {
            foreach (var queue in new[] { NationalQueues.Async(HerId), NationalQueues.Error(HerId) })
            {
                bus.Listen(queue, async (envelope, ct) =>
                {
                    await arrived.Writer.WriteAsync(envelope, ct);
                    return DeliveryOutcome.Accept;
                });
            }
        }

        /// <summary>The Visma demo installation's first unit, which this journal writes for.</summary>
        public string UnitHerId => EpjDemoData.Municipalities.Single(m => m.Kommunenummer == "9901").Units[0].HerId;

        public NationalRoute Route => new(new NationalParty(target.PlatformHerId, "DigiHelsestasjon"), new NationalParty(HerId, "Testjournal"));

        public NationalMessage Appointment(string pid, string appointmentId)
        {
            var unit = EpjDemoData.Municipalities.Single(m => m.Kommunenummer == "9901").Units[0];
            var start = target.Time.GetUtcNow().AddDays(14);
            return JournalToPlatform.Appointment(new AppointmentPublished
            {
                MessageId = Guid.NewGuid(), PatientPid = pid, Change = AppointmentChange.Created,
                Appointment = new EpjAppointment { AppointmentId = appointmentId, Version = 1, UnitHerId = unit.HerId, Start = start, End = start.AddMinutes(30), AppointmentType = "Helsesamtale", Status = AppointmentStatus.Booked },
            }, new NationalRoute(new NationalParty(target.PlatformHerId, "DigiHelsestasjon"), new NationalParty(HerId, "Testjournal")), target.Time.GetUtcNow());
        }

        public async Task<NationalAppRec> SendAsync(XDocument document) =>
            (await SendRawAsync(KithXml.ToBytes(document))).AppRec ?? throw new ShouldAssertException("The platform sent no AppRec.");

        /// <summary>Sends signed (by us, or by <paramref name="signer"/>) and encrypted to the platform; returns its AppRec or
        /// the error-queue report, whichever comes.</summary>
        public async Task<(NationalAppRec? AppRec, NationalEnvelope? Error)> SendRawAsync(
            byte[] content, System.Security.Cryptography.X509Certificates.X509Certificate2? signer = null, Func<NationalEnvelope, NationalEnvelope>? shape = null)
        {
            var platform = Certificates.Counterpart(target.PlatformHerId).ShouldNotBeNull("the platform has made its certificates");
            var envelope = await SendOnlyAsync(content, shape, signer);
            using var timeout = new CancellationTokenSource(Patience);
            NationalEnvelope answer;
            try
            {
                answer = await arrived.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new ShouldAssertException($"No AppRec and no error report within {Patience.TotalSeconds:0} s. The host logged: "
                    + string.Join(" | ", target.Logs.Lines.Where(l => !l.StartsWith("Information", StringComparison.Ordinal)).TakeLast(10)));
            }

            if (answer.ErrorCondition is not null)
            {
                answer.OriginalMessageId.ShouldBe(envelope.MessageId, "the report names the message it is about");
                return (null, answer);
            }

            answer.CorrelationId.ShouldBe(envelope.MessageId, "an AppRec's correlation id is the answered message's AMQP id");
            var opened = CmsProtection.DecryptThenVerify(answer.Body!, Certificates.Own(HerId, true).Encryption, platform.Signing, target.Time.GetUtcNow());
            opened.Succeeded.ShouldBeTrue(opened.ErrorDescription);
            return (AppRecXml.Read(KithXml.Parse(opened.Content!)), null);
        }

        /// <summary>Sends without waiting for an answer; returns what went.</summary>
        public async Task<NationalEnvelope> SendOnlyAsync(byte[] content, Func<NationalEnvelope, NationalEnvelope>? shape = null, System.Security.Cryptography.X509Certificates.X509Certificate2? signer = null)
        {
            var platform = Certificates.Counterpart(target.PlatformHerId).ShouldNotBeNull("the platform has made its certificates");
            var envelope = new NationalEnvelope
            {
                To = NationalQueues.Async(target.PlatformHerId), Subject = NationalProcess.Avtaleutsending, ReplyTo = NationalQueues.Async(HerId),
                CorrelationId = Guid.NewGuid().ToString(), FromHerId = HerId, ToHerId = target.PlatformHerId, ApplicationTimeStamp = target.Time.GetUtcNow(),
                Body = CmsProtection.SignThenEncrypt(content, signer ?? Certificates.Own(HerId, true).Signing, platform.Encryption),
            };
            envelope = shape is null ? envelope : shape(envelope);
            await bus.SendAsync(NationalQueues.Async(target.PlatformHerId), envelope, CancellationToken.None);
            return envelope;
        }

        /// <summary>The next business message the platform sent to this journal, opened and read, with the queue owner it was
        /// sent to (AMQP <c>toHerId</c>).</summary>
        public async Task<(NationalMessage Message, string ToHerId)> ReceiveAsync()
        {
            var (message, toHerId, _) = await ReceiveWithAmqpIdAsync();
            return (message, toHerId);
        }

        public async Task<(NationalMessage Message, string ToHerId, string AmqpId)> ReceiveWithAmqpIdAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            var envelope = await arrived.Reader.ReadAsync(timeout.Token);
            var platform = Certificates.Counterpart(target.PlatformHerId).ShouldNotBeNull();
            var opened = CmsProtection.DecryptThenVerify(envelope.Body.ShouldNotBeNull("a business message, not an error report"), Certificates.Own(HerId, true).Encryption, platform.Signing, target.Time.GetUtcNow());
            opened.Succeeded.ShouldBeTrue(opened.ErrorDescription);
            return (KithXml.Read(KithXml.Parse(opened.Content!)), envelope.ToHerId, envelope.MessageId);
        }

        /// <summary>Reports a platform message on the platform's error queue, as HITS 1216 2.2.6 has a receiver do.</summary>
        public Task ReportOnPlatformsErrorQueueAsync(string amqpId, string condition) =>
            bus.SendAsync(NationalQueues.Error(target.PlatformHerId), new NationalEnvelope
            {
                To = NationalQueues.Error(target.PlatformHerId), Subject = NationalProcess.EKontakt, FromHerId = HerId, ToHerId = target.PlatformHerId,
                ApplicationTimeStamp = target.Time.GetUtcNow(), OriginalMessageId = amqpId, ErrorCondition = condition, ErrorDescription = "Could not decrypt message.",
                ContentType = "text/plain",
            }, CancellationToken.None);

        /// <summary>Answers that arrived and were not read yet.</summary>
        public int Unread => arrived.Reader.Count;

        public async ValueTask DisposeAsync()
        {
            await bus.DisposeAsync();
            await BrokerQueues.DeleteAsync(NationalEpjHost.Broker, [HerId]);
        }
    }
}
