using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Messaging.Contracts;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Messaging.Tests;

public sealed class MessagingOverHttpOnSqlite(SqliteOverHttp host) : MessagingTests<SqliteOverHttp>(host);

public sealed class MessagingInProcessOnPostgres(PostgresInProcess host) : MessagingTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class MessagingOnSqlServer(SqlServerOverHttp host) : MessagingTests<SqlServerOverHttp>(host);

/// <summary>End to end: a citizen writes, the simulated journal records it and answers, the thread shows it all.</summary>
public abstract class MessagingTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost, new()
{
    [Theory]
    [InlineData("visma", "9901", "journaled")]
    [InlineData("infodoc", "9902", "received")]
    [InlineData("cgm", "9903", "sent")]
    public async Task Given_each_journal_When_a_guardian_writes_to_a_childs_health_station_Then_the_journal_holds_it_once_the_state_follows_the_vendor_and_the_reply_lands_in_the_thread(
        string vendor, string kommunenummer, string stateBeforeTheLaterLevels)
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var unit = DemoUnits.Id(kommunenummer, 1);
        var text = $"Kan vi flytte vaksinen til neste uke? {Guid.NewGuid():N}";
        Guid threadId;
        await HoldLaterLevelsAsync(vendor, hold: true);
        try
        {
            var created = await StartAsync(guardian, child, unit, "Vaksine", text);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            var thread = await created.Content.ReadFromJsonAsync<JsonElement>();
            threadId = thread.GetProperty("threadId").GetGuid();
            thread.GetProperty("messages")[0].GetProperty("deliveryState").GetString().ShouldBe("sent");

            await RoundsAsync();

            (await MessagesAsync(guardian, child, threadId))[0].GetProperty("deliveryState").GetString().ShouldBe(
                stateBeforeTheLaterLevels, $"{vendor} answers {stateBeforeTheLaterLevels} before its later receipts and outcomes");
        }
        finally
        {
            await HoldLaterLevelsAsync(vendor, hold: false);
        }

        await host.QuietAsync();
        var journaled = (await MessagesAsync(guardian, child, threadId))[0];
        journaled.GetProperty("deliveryState").GetString().ShouldBe("journaled");
        journaled.GetProperty("journaledAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await JournalEntriesAsync(vendor, pid, text)).ShouldBe(1, "the journal holds the message once");
        var states = host.Published.Of<EpjIntegration.Contracts.EpjDeliveryStateChanged>()
            .Where(e => e.MessageId == journaled.GetProperty("messageId").GetGuid()).Select(e => e.State).ToList();
        states[^1].ShouldBe("journaled");
        if (stateBeforeTheLaterLevels == "received")
        {
            states.IndexOf("received").ShouldBeLessThan(states.IndexOf("journaled"), "the receipt came first, and alone it was not shown as journaled");
        }

        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/{vendor}/messages", new { pid, unitId = unit, threadId, body = "Ja, det går fint. Hilsen helsesykepleier." })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        (await ThreadsAsync(guardian, child)).Single(t => t.GetProperty("threadId").GetGuid() == threadId).GetProperty("unreadCount").GetInt32().ShouldBe(1);
        var messages = await MessagesAsync(guardian, child, threadId);
        messages.Count.ShouldBe(2, "the reply lands in the same thread");
        messages[1].GetProperty("direction").GetString().ShouldBe("from-unit");
        messages[1].GetProperty("body").GetString().ShouldBe("Ja, det går fint. Hilsen helsesykepleier.");
        (await ThreadsAsync(guardian, child)).Single(t => t.GetProperty("threadId").GetGuid() == threadId).GetProperty("unreadCount").GetInt32().ShouldBe(0, "read once opened");
        host.Published.Of<HealthServiceMessageArrived>().ShouldContain(e => e.ThreadId == threadId && e.PersonId == child);
    }

    [Fact]
    public async Task Given_a_journal_that_fails_and_then_loses_the_acknowledgement_When_a_guardian_writes_Then_the_message_still_ends_journaled_and_only_once()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var text = $"Spørsmål om søvn {Guid.NewGuid():N}";
        var client = host.CreateClient();
        try
        {
            (await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { errorRate = 1.0 })).EnsureSuccessStatusCode();
            var threadId = await StartedAsync(guardian, child, DemoUnits.Id("9901", 1), "Søvn", text);
            await host.QuietAsync();
            (await MessagesAsync(guardian, child, threadId))[0].GetProperty("deliveryState").GetString().ShouldBe("sent", "not delivered yet");

            (await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { dropAcks = true })).EnsureSuccessStatusCode();
            host.Time.Advance(TimeSpan.FromMinutes(2));
            await host.QuietAsync();
            (await JournalEntriesAsync("visma", pid, text)).ShouldBe(1, "journaled, but the answer was lost");

            (await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { })).EnsureSuccessStatusCode();
            host.Time.Advance(TimeSpan.FromMinutes(10));
            await host.QuietAsync();

            (await MessagesAsync(guardian, child, threadId))[0].GetProperty("deliveryState").GetString().ShouldBe("journaled");
            (await JournalEntriesAsync("visma", pid, text)).ShouldBe(1, "the retry is a duplicate the journal recognises");
        }
        finally
        {
            await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { });
        }
    }

    [Fact]
    public async Task Given_a_journal_that_never_answers_When_a_guardian_writes_Then_the_message_fails_saying_what_to_do_and_an_operators_requeue_journals_it()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var text = $"Spørsmål om amming {Guid.NewGuid():N}";
        var client = host.CreateClient();
        Guid threadId;
        try
        {
            (await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { errorRate = 1.0 })).EnsureSuccessStatusCode();
            threadId = await StartedAsync(guardian, child, DemoUnits.Id("9901", 1), "Amming", text);
            for (var attempt = 0; attempt < 8; attempt++)
            {
                await host.QuietAsync();
                host.Time.Advance(TimeSpan.FromHours(1));
            }

            await host.QuietAsync();
        }
        finally
        {
            await client.PutAsJsonAsync("/simulators/epj/visma/faults", new { });
        }

        guardian = await Citizens.LoginAsync(host, "guardian");
        var failed = (await MessagesAsync(guardian, child, threadId))[0];
        failed.GetProperty("deliveryState").GetString().ShouldBe("failed");
        failed.GetProperty("failure").GetString()!.ShouldContain("Ring helsestasjonen");
        var fact = host.Published.Of<CitizenMessageFailed>().Where(e => e.ThreadId == threadId).ShouldHaveSingleItem();
        JsonSerializer.Serialize(fact).ShouldNotContain("amming", Case.Insensitive, "a notice may not learn the text or the subject");

        var operatorClient = await Citizens.StaffAsync(host, "operator");
        var item = (await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/queues/epj-delivery/items?state=dead-lettered&kind=citizen-message"))
            .EnumerateArray().First();
        (await operatorClient.PostAsync($"/api/v1/admin/queues/epj-delivery/items/{item.GetProperty("id")}/requeue", null)).EnsureSuccessStatusCode();
        await host.QuietAsync();

        (await MessagesAsync(guardian, child, threadId))[0].GetProperty("deliveryState").GetString().ShouldBe("journaled", "the journal took it after the requeue");
        (await JournalEntriesAsync("visma", pid, text)).ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_message_accepted_When_the_host_stops_before_delivering_it_Then_the_restarted_host_delivers_it_once()
    {
        var first = new THost();
        await first.InitializeAsync();
        try
        {
            var guardian = await Citizens.LoginAsync(first, "guardian");
            var childPid = await Citizens.PidOfAsync(first.CreateClient(), "child-under-12");
            var child = (await (await Citizens.LoginAsync(first, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
            var text = $"Før omstart {Guid.NewGuid():N}";
            var response = await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Omstart", body = text });
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var threadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();

            await first.StopAsync();

            var second = new THost { Reuse = first.Database };
            await second.InitializeAsync();
            try
            {
                await second.QuietAsync();
                var journal = await second.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={childPid}");
                journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("text").GetString() == text).ShouldBe(1);
                var again = await Citizens.LoginAsync(second, "guardian");
                var thread = await again.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads/{threadId}");
                thread.GetProperty("messages")[0].GetProperty("deliveryState").GetString().ShouldBe("journaled");
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_a_youth_of_14_writing_to_the_school_nurse_When_either_parent_looks_Then_the_answer_is_404_and_the_attempt_is_logged()
    {
        var youth = await Citizens.LoginAsync(host, "youth-12-15");
        var youthId = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var threadId = await StartedAsync(youth, youthId, DemoUnits.Id("9901", 3), "Noe jeg lurer på", $"Hei, jeg vil snakke med noen {Guid.NewGuid():N}");
        await host.QuietAsync();
        (await ThreadsAsync(youth, youthId)).ShouldContain(t => t.GetProperty("threadId").GetGuid() == threadId, "the youth sees their own thread");

        foreach (var parent in new[] { "guardian", "parent-without-responsibility" })
        {
            var client = await Citizens.LoginAsync(host, parent);
            (await client.GetAsync($"/api/v1/subjects/{youthId}/threads")).StatusCode.ShouldBe(HttpStatusCode.NotFound, parent);
            (await client.GetAsync($"/api/v1/subjects/{youthId}/threads/{threadId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, parent);
            (await client.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{youthId}/threads", new { unitId = DemoUnits.Id("9901", 3), subject = "Hei", body = "Fra mor" }))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{parent} may not start a thread for a youth of 14");
        }

        var log = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{youthId}/access-log");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("action").GetString() == "messages.read" && e.GetProperty("outcome").GetString() == "refused");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("action").GetString() == "messages.start" && e.GetProperty("outcome").GetString() == "refused");
    }

    // A message's access-log row commits with the message (one transaction); a write that fails keeps nothing of it, so
    // the filter logs the access again on its own.
    [Fact]
    public async Task Given_a_guardians_message_to_a_unit_that_is_not_there_When_nothing_of_it_is_saved_Then_the_access_is_still_in_the_childs_access_log()
    {
        var (guardian, child, _) = await GuardianAndChildAsync("child-under-12");
        var childLogin = await Citizens.LoginAsync(host, "child-under-12");
        var before = host.Time.GetUtcNow();

        (await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = Guid.NewGuid(), subject = "Hei", body = $"Til ingen {Guid.NewGuid():N}" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var log = await childLogin.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/access-log?kind=messages.start");
        log.EnumerateArray().ShouldContain(
            e => e.GetProperty("time").GetDateTimeOffset() >= before && e.GetProperty("actorRole").GetString() == "parent" && e.GetProperty("outcome").GetString() == "granted",
            "the guardian acted for the child, though the message was refused");
    }

    [Fact]
    public async Task Given_a_youth_of_14_logged_in_with_Feide_When_she_uses_her_messages_Then_she_reaches_her_own_threads_with_the_school_nurse_and_nothing_else()
    {
        var high = await Citizens.LoginAsync(host, "youth-12-15");
        var youthId = (await high.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var healthStation = await StartedAsync(high, youthId, DemoUnits.Id("9901", 1), "Helsestasjonen", $"Om en time {Guid.NewGuid():N}");
        var schoolNurse = await StartedAsync(high, youthId, DemoUnits.Id("9901", 3), "Skolehelsetjenesten", $"Noe jeg lurer på {Guid.NewGuid():N}");
        var anonymous = host.CreateClient();
        var feide = host.CreateClient().WithToken(await Citizens.TokenAsync(anonymous, await Citizens.PidOfAsync(anonymous, "youth-12-15"), acr: "feide", issuer: "feide"));

        var threads = await ThreadsAsync(feide, youthId);
        threads.ShouldContain(t => t.GetProperty("threadId").GetGuid() == schoolNurse, "her own contact with the school nurse");
        threads.ShouldNotContain(t => t.GetProperty("threadId").GetGuid() == healthStation, "the health station's threads need ID-porten's level high");
        (await feide.GetAsync($"/api/v1/subjects/{youthId}/threads/{healthStation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await feide.GetAsync($"/api/v1/subjects/{youthId}/threads/{schoolNurse}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await feide.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{youthId}/threads/{schoolNurse}/messages", new { body = "Takk for svaret" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await feide.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{youthId}/threads/{healthStation}/messages", new { body = "Hei" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var toHealthStation = await feide.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{youthId}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Hei", body = "Hei" });
        toHealthStation.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "writing to the health station needs level high");
        (await toHealthStation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("insufficient-assurance");
        (await feide.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{youthId}/threads", new { unitId = DemoUnits.Id("9901", 3), subject = "Ny", body = "Kan jeg komme innom?" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // The lower level never reaches anyone else's data: a parent with MinID gets nothing of her child's.
        var (_, child, _) = await GuardianAndChildAsync("child-under-12");
        var substantial = await Citizens.LoginAsync(host, "guardian", "idporten-loa-substantial");
        (await substantial.GetAsync($"/api/v1/subjects/{child}/threads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_person_with_a_protected_address_When_they_write_to_their_health_station_Then_no_answer_reveals_the_units_address()
    {
        var person = await Citizens.LoginAsync(host, "protected-address");
        var personId = (await person.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var unit = DemoUnits.Id("9901", 1);
        var threadId = await StartedAsync(person, personId, unit, "Spørsmål", "Hei");
        await host.QuietAsync();

        var list = await person.GetStringAsync($"/api/v1/subjects/{personId}/threads");
        var thread = await person.GetStringAsync($"/api/v1/subjects/{personId}/threads/{threadId}");

        foreach (var answer in new[] { list, thread })
        {
            answer.ShouldNotContain("Storgata 1", Case.Insensitive);
            answer.ShouldNotContain("address", Case.Insensitive);
        }
    }

    [Fact]
    public async Task Given_messages_the_health_service_marks_exempt_When_the_parent_of_a_young_child_reads_Then_they_are_hidden_and_the_refusal_is_logged()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var unit = DemoUnits.Id("9901", 1);
        var threadId = await StartedAsync(guardian, child, unit, "Samtale", $"Kan vi ta en prat? {Guid.NewGuid():N}");
        await host.QuietAsync();
        var simulator = host.CreateClient();
        (await simulator.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = unit, threadId, body = "Skjermet svar", exempt = true })).EnsureSuccessStatusCode();
        var opened = $"Ny skjermet tråd {Guid.NewGuid():N}";
        (await simulator.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = unit, body = opened, exempt = true })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        var visible = await MessagesAsync(guardian, child, threadId);
        visible.Select(m => m.GetProperty("body").GetString()).ShouldNotContain("Skjermet svar");
        (await ThreadsAsync(guardian, child)).Single(t => t.GetProperty("threadId").GetGuid() == threadId).GetProperty("lastMessageAt").GetDateTimeOffset()
            .ShouldBe(visible[^1].GetProperty("sentAt").GetDateTimeOffset(), "the time of a hidden reply would give it away");
        (await ThreadsAsync(guardian, child)).Count(t => t.GetProperty("startedBy").GetString() == "unit" && t.GetProperty("messageCount").GetInt32() > 0)
            .ShouldBe(0, "the thread the health service opened exempt is not listed for the parent");
        var childLogin = await Citizens.LoginAsync(host, "child-under-12");
        var own = await childLogin.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads/{threadId}");
        own.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldContain("Skjermet svar", "the child sees it");

        var replyKey = Guid.NewGuid().ToString();
        var reply = new { body = $"Et svar til som blir skjermet {Guid.NewGuid():N}" };
        var replied = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{threadId}/messages", reply, replyKey);
        await host.QuietAsync();
        var ownMessage = (await MessagesAsync(guardian, child, threadId))[0].GetProperty("messageId").GetGuid();
        (await simulator.PutAsJsonAsync($"/simulators/epj/visma/messages/{(await replied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId")}", new { exempt = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await host.QuietAsync();
        (await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{threadId}/messages", reply, replyKey)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a replayed create shows no more than a read");
        (await simulator.PutAsJsonAsync($"/simulators/epj/visma/messages/{ownMessage}", new { exempt = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await host.QuietAsync();

        (await guardian.GetAsync($"/api/v1/subjects/{child}/threads/{threadId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nothing in it is the parent's to see now");
        (await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{threadId}/messages", new { body = "Hallo?" }, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nor to write into");
        var log = await childLogin.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/access-log");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("action").GetString() == "messages.read" && e.GetProperty("outcome").GetString() == "refused" && e.GetProperty("relation").GetString() == "child");
    }

    // Issue 29: any installation could set or lift the exemption on a message of another installation's unit.
    [Fact]
    public async Task Given_a_message_from_one_journal_When_another_municipalitys_journal_marks_or_unmarks_it_exempt_Then_it_is_refused_and_the_parent_sees_what_the_first_journal_decided()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var simulator = host.CreateClient();

        // Answers in the parent's own thread: a thread the unit opened would show in other tests' lists (they share the child).
        var threadId = await StartedAsync(guardian, child, DemoUnits.Id("9901", 1), "Spørsmål", $"Et spørsmål {Guid.NewGuid():N}");
        await host.QuietAsync();
        var shown = $"Svar fra Visma {Guid.NewGuid():N}";
        var shownId = await SentByVismaAsync(simulator, pid, threadId, shown, exempt: false);
        var hidden = $"Skjermet av Visma {Guid.NewGuid():N}";
        var hiddenId = await SentByVismaAsync(simulator, pid, threadId, hidden, exempt: true);
        await host.QuietAsync();
        var infoDoc = new Epj.Sdk.Http.EpjPlatformClient(host.CreateClient(), new Epj.Sdk.Http.EpjInstallationCredentials
        {
            InstallationId = Simulators.Epj.EpjDemoData.DemoInstallationId("infodoc"), SharedSecret = Simulators.Epj.EpjDemoData.DemoSecret("infodoc"),
        }, () => host.Time.GetUtcNow());

        var hide = await infoDoc.SendAsync(Exemption(pid, shownId, exempt: true), CancellationToken.None);
        var show = await infoDoc.SendAsync(Exemption(pid, hiddenId, exempt: false), CancellationToken.None);
        await host.QuietAsync();

        hide.Status.ShouldBe(Epj.Sdk.ReceiptStatus.Rejected);
        show.Status.ShouldBe(Epj.Sdk.ReceiptStatus.Rejected);
        var bodies = (await MessagesAsync(guardian, child, threadId)).Select(m => m.GetProperty("body").GetString()).ToList();
        bodies.ShouldContain(shown, "another journal cannot hide it");
        bodies.ShouldNotContain(hidden, "another journal cannot show it");
    }

    // The second probe of issue 29: a journal's text skipped the control-character rule and reached the parent as it came.
    [Fact]
    public async Task Given_a_journals_message_with_a_control_character_When_it_arrives_Then_it_is_refused_naming_the_field_and_the_parent_never_sees_it()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var threadId = await StartedAsync(guardian, child, DemoUnits.Id("9901", 1), "Spørsmål", $"Et spørsmål {Guid.NewGuid():N}");
        await host.QuietAsync();
        var visma = new Epj.Sdk.Http.EpjPlatformClient(host.CreateClient(), new Epj.Sdk.Http.EpjInstallationCredentials
        {
            InstallationId = Simulators.Epj.EpjDemoData.DemoInstallationId("visma"), SharedSecret = Simulators.Epj.EpjDemoData.DemoSecret("visma"),
        }, () => host.Time.GetUtcNow());
        var marker = $"Svar {Guid.NewGuid():N}";

        var receipt = await visma.SendAsync(new Epj.Sdk.HealthServiceMessage
        {
            MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), ConversationId = threadId, PatientPid = pid, UnitHerId = "9901001",
            Subject = "Svar\u0000", Body = marker + "\u001b[31m",
        }, CancellationToken.None);
        await host.QuietAsync();

        receipt.Status.ShouldBe(Epj.Sdk.ReceiptStatus.Rejected);
        receipt.Errors.ShouldHaveSingleItem().Part.ShouldBe("subject", "the field is named; nothing of the text is echoed");
        (await MessagesAsync(guardian, child, threadId)).ShouldNotContain(m => (m.GetProperty("body").GetString() ?? "").StartsWith(marker, StringComparison.Ordinal));
    }

    private static async Task<Guid> SentByVismaAsync(HttpClient simulator, string pid, Guid threadId, string body, bool exempt)
    {
        var sent = await simulator.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = DemoUnits.Id("9901", 1), threadId, body, exempt });
        sent.EnsureSuccessStatusCode();
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();
    }

    private Epj.Sdk.ParentalAccessExemptionChanged Exemption(string pid, Guid messageId, bool exempt) => new()
    {
        MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), PatientPid = pid, ItemKind = "message", ItemId = messageId.ToString(), Exempt = exempt,
    };

    [Fact]
    public async Task Given_the_same_Idempotency_Key_When_a_thread_is_started_again_or_at_once_Then_there_is_one_thread_and_one_journal_entry_and_another_body_is_422()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var text = $"Bare én gang {Guid.NewGuid():N}";
        var body = new { unitId = DemoUnits.Id("9901", 1), subject = "Én gang", body = text };
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads", body, key)));
        var again = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads", body, key);

        answers.Append(again).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var ids = new List<Guid>();
        foreach (var answer in answers.Append(again))
        {
            ids.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid());
        }

        ids.Distinct().ShouldHaveSingleItem("every retry returns the first result");
        await host.QuietAsync();
        (await ThreadsAsync(guardian, child)).Count(t => t.GetProperty("threadId").GetGuid() == ids[0]).ShouldBe(1);
        (await JournalEntriesAsync("visma", pid, text)).ShouldBe(1);

        var other = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads", body with { body = "Noe annet" }, key);
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("idempotency-key-reused");

        var reply = new { body = $"Svar {Guid.NewGuid():N}" };
        var replyKey = Guid.NewGuid().ToString();
        var first = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{ids[0]}/messages", reply, replyKey);
        var second = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{ids[0]}/messages", reply, replyKey);
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid()
            .ShouldBe((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid());
        (await MessagesAsync(guardian, child, ids[0])).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Given_bad_input_When_a_guardian_writes_Then_problem_details_name_the_field_and_markup_is_kept_as_text()
    {
        var (guardian, child, _) = await GuardianAndChildAsync("child-under-12");
        var unit = DemoUnits.Id("9901", 1);
        var url = $"/api/v1/subjects/{child}/threads";

        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "Tomt", body = "   " }, null), "body");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "Langt", body = new string('a', 10_001) }, null), "body");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "Bjelle", body = "Hei\u0007" }, null), "body");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "Null", body = "a\u0000b" }, null), "body");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "a\u0000b", body = "Hei" }, null), "subject");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "To\nlinjer", body = "Hei" }, null), "subject");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { subject = "Hvem", body = "Hei" }, null), "unitId");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = Guid.NewGuid(), subject = "Hvem", body = "Hei" }, null), "unitId");
        await ShouldNameAsync(await PostWithKeyAsync(guardian, url, new { unitId = unit, subject = "Tema", body = "Hei", topic = "gossip" }, null), "topic");
        var withoutKey = await guardian.PostAsJsonAsync(url, new { unitId = unit, subject = "Nøkkel", body = "Hei" });
        await ShouldNameAsync(withoutKey, "Idempotency-Key");

        var markup = "<script>alert('x')</script><b>fet</b> & \"sitat\"";
        var threadId = await StartedAsync(guardian, child, unit, "<i>Emne</i>", markup);
        var thread = await guardian.GetAsync($"{url}/{threadId}");
        thread.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var json = await thread.Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("messages")[0].GetProperty("body").GetString().ShouldBe(markup, "stored and returned exactly as written");
        json.GetProperty("subject").GetString().ShouldBe("<i>Emne</i>");
    }

    [Fact]
    public async Task Given_files_When_attached_Then_their_type_is_checked_by_content_and_against_each_journal_and_downloads_follow_the_thread()
    {
        var (guardian, child, _) = await GuardianAndChildAsync("child-under-12");
        var visma = await StartedAsync(guardian, child, DemoUnits.Id("9901", 1), "Utslett", "Se bildet");
        var url = $"/api/v1/subjects/{child}/threads/{visma}/attachments";

        var png = await UploadAsync(guardian, url, Files.Png, "utslett.png", "image/png");
        png.StatusCode.ShouldBe(HttpStatusCode.Created);
        var pngId = (await png.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachmentId").GetGuid();
        await ShouldNameAsync(await UploadAsync(guardian, url, Files.Exe, "bilde.png", "image/png"), "file", HttpStatusCode.UnsupportedMediaType);
        await ShouldNameAsync(await UploadAsync(guardian, url, Files.Pdf, "bilde.png", "image/png"), "file", HttpStatusCode.UnsupportedMediaType);
        await ShouldNameAsync(await UploadAsync(guardian, url, [], "tom.png", "image/png"), "file");
        var garbage = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("garbage", System.Text.Encoding.ASCII, "multipart/form-data") };
        garbage.Content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("boundary", "abc"));
        garbage.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await ShouldNameAsync(await guardian.SendAsync(garbage), "file");
        var disguised = await UploadAsync(guardian, url, [.. Files.Png, .. "<html><script>alert(1)</script>"u8.ToArray()], "..\\..\\x<script>.html", "image/png");
        (await disguised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileName").GetString().ShouldBe("x_script_.html.png", "the last part of the path, no markup characters, the content's extension");

        var sent = await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{visma}/messages", new { body = "Her er bildet", attachmentIds = new[] { pngId } }, Guid.NewGuid().ToString());
        sent.StatusCode.ShouldBe(HttpStatusCode.Created);
        await host.QuietAsync();
        var message = (await MessagesAsync(guardian, child, visma)).Last();
        message.GetProperty("deliveryState").GetString().ShouldBe("journaled", "Visma takes PNG");
        message.GetProperty("attachments")[0].GetProperty("contentType").GetString().ShouldBe("image/png");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={await Citizens.PidOfAsync(host.CreateClient(), "child-under-12")}");
        journal.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("text").GetString() == "Her er bildet")
            .GetProperty("attachments").EnumerateArray().Select(a => a.GetString()).ShouldBe([$"utslett.png (image/png, {Files.Png.Length} bytes)"], "the file reached the journal");
        var download = await guardian.GetAsync($"{url}/{pngId}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Files.Png);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var stranger = await Citizens.LoginAsync(host, "stranger");
        (await stranger.GetAsync($"{url}/{pngId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldNameAsync(
            await PostWithKeyAsync(guardian, $"/api/v1/subjects/{child}/threads/{visma}/messages", new { body = "Igjen", attachmentIds = new[] { pngId } }, Guid.NewGuid().ToString()),
            "attachmentIds");

        var cgm = await StartedAsync(guardian, child, DemoUnits.Id("9903", 1), "Utslett", "Se bildet");
        var refused = await UploadAsync(guardian, $"/api/v1/subjects/{child}/threads/{cgm}/attachments", Files.Png, "utslett.png", "image/png");
        await ShouldNameAsync(refused, "file", HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("attachment-not-accepted");

        var infodoc = await StartedAsync(guardian, child, DemoUnits.Id("9902", 1), "Skjema", "Vedlagt skjema");
        var infodocUrl = $"/api/v1/subjects/{child}/threads/{infodoc}/attachments";
        await ShouldNameAsync(await UploadAsync(guardian, infodocUrl, Files.Png, "utslett.png", "image/png"), "file", HttpStatusCode.UnprocessableEntity);
        (await UploadAsync(guardian, infodocUrl, Files.Pdf, "skjema.pdf", "application/pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var tooLarge = await UploadAsync(guardian, infodocUrl, [.. Files.Pdf, .. new byte[6 * 1024 * 1024]], "stor.pdf", "application/pdf");
        await ShouldNameAsync(tooLarge, "file", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Given_a_guardian_picking_a_file_on_a_new_message_When_it_is_sent_and_retried_Then_the_thread_opens_with_one_message_holding_the_text_and_the_file_journaled_once()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var text = $"Se utslettet på bildet {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var url = $"/api/v1/subjects/{child}/threads/with-attachments";

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartWithFileAsync(guardian, url, DemoUnits.Id("9901", 1), "Utslett", text, Files.Png, "utslett.png", key)));
        var again = await StartWithFileAsync(guardian, url, DemoUnits.Id("9901", 1), "Utslett", text, Files.Png, "utslett.png", key);

        var ids = new List<Guid>();
        foreach (var answer in answers.Append(again))
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
            ids.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid());
        }

        ids.Distinct().ShouldHaveSingleItem("every retry with the key answers with the first thread");
        await host.QuietAsync();
        var messages = await MessagesAsync(guardian, child, ids[0]);
        var only = messages.ShouldHaveSingleItem("the text and the file are one message");
        only.GetProperty("body").GetString().ShouldBe(text);
        only.GetProperty("deliveryState").GetString().ShouldBe("journaled");
        var file = only.GetProperty("attachments").EnumerateArray().ShouldHaveSingleItem();
        file.GetProperty("fileName").GetString().ShouldBe("utslett.png");
        var download = await guardian.GetAsync($"/api/v1/subjects/{child}/threads/{ids[0]}/attachments/{file.GetProperty("attachmentId").GetGuid()}");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Files.Png);
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("text").GetString() == text).ShouldHaveSingleItem("the journal holds the message once")
            .GetProperty("attachments").EnumerateArray().Select(a => a.GetString()).ShouldBe([$"utslett.png (image/png, {Files.Png.Length} bytes)"], "with its file");

        var threadsBefore = (await ThreadsAsync(guardian, child)).Count;
        var refused = await StartWithFileAsync(guardian, url, DemoUnits.Id("9903", 1), "Utslett", text, Files.Png, "utslett.png", Guid.NewGuid().ToString());
        await ShouldNameAsync(refused, "file", HttpStatusCode.UnprocessableEntity);
        await ShouldNameAsync(await StartWithFileAsync(guardian, url, DemoUnits.Id("9901", 1), "Program", text, Files.Exe, "bilde.png", Guid.NewGuid().ToString()), "file", HttpStatusCode.UnsupportedMediaType);
        (await ThreadsAsync(guardian, child)).Count.ShouldBe(threadsBefore, "a refused file starts no thread");
    }

    [Fact]
    public async Task Given_someone_uploading_file_after_file_without_sending_When_over_the_cap_Then_the_next_is_refused_naming_the_field()
    {
        var person = await Citizens.LoginAsync(host, "stranger");
        var personId = (await person.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var thread = await StartedAsync(person, personId, DemoUnits.Id("9901", 1), "Bilder", "Her kommer bilder");
        var url = $"/api/v1/subjects/{personId}/threads/{thread}/attachments";
        for (var i = 0; i < 20; i++)
        {
            (await UploadAsync(person, url, Files.Png, $"bilde{i}.png", "image/png")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await UploadAsync(person, url, Files.Png, "en-til.png", "image/png");

        await ShouldNameAsync(refused, "file", HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too-many-unsent-attachments");
    }

    [Fact]
    public async Task Given_answers_from_the_health_station_When_the_guardian_opens_the_person_chooser_Then_each_person_shows_what_is_unread_and_each_child_gets_one_access_log_row_per_look()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var childLogin = await Citizens.LoginAsync(host, "child-under-12");
        var unit = DemoUnits.Id("9901", 1);
        var before = await UnreadCountsAsync(guardian);
        var threadId = await StartedAsync(guardian, child, unit, "Søvn", $"Sover dårlig {Guid.NewGuid():N}");
        await host.QuietAsync();
        foreach (var answer in new[] { "Hei, prøv faste rutiner.", "Ta gjerne kontakt igjen." })
        {
            (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = unit, threadId, body = answer })).EnsureSuccessStatusCode();
            await host.QuietAsync();
        }

        var rowsBefore = await AccessLogRowsAsync(childLogin, child, "messages.unread-counts");
        var counts = await UnreadCountsAsync(guardian);

        counts[child].ShouldBe(before.GetValueOrDefault(child) + 2, "two answers the guardian has not read");
        counts.Keys.ShouldBe(before.Keys, ignoreOrder: true, "the same persons each time: everyone the guardian may read messages for");
        (await AccessLogRowsAsync(childLogin, child, "messages.unread-counts")).ShouldBe(rowsBefore + 1, "one look at the chooser is one access in the child's log");

        await MessagesAsync(guardian, child, threadId);
        (await UnreadCountsAsync(guardian))[child].ShouldBe(before.GetValueOrDefault(child), "read once opened");

        var stranger = await Citizens.LoginAsync(host, "stranger");
        (await UnreadCountsAsync(stranger)).Keys.ShouldNotContain(child, "only persons the caller may act for");
    }

    [Fact]
    public async Task Given_messages_both_ways_When_the_admin_reads_the_figures_Then_they_count_per_unit_and_week_with_the_time_to_answer_and_no_person_data()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/figures")).GetProperty("messages");
        var unit = DemoUnits.Id("9901", 1);
        var secret = $"Hemmelig tekst {Guid.NewGuid():N}";
        var threadId = await StartedAsync(guardian, child, unit, "Hemmelig emne", secret);
        await host.QuietAsync();
        host.Time.Advance(TimeSpan.FromHours(3));
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/messages", new { pid, unitId = unit, threadId, body = "Svar" })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/figures");
        var figures = all.GetProperty("messages");
        figures.GetProperty("fromCitizens").GetInt32().ShouldBe(before.GetProperty("fromCitizens").GetInt32() + 1);
        figures.GetProperty("fromUnits").GetInt32().ShouldBe(before.GetProperty("fromUnits").GetInt32() + 1);
        figures.GetProperty("answeredThreads").GetInt32().ShouldBe(before.GetProperty("answeredThreads").GetInt32() + 1);
        figures.GetProperty("medianHoursToFirstAnswer").ValueKind.ShouldBe(JsonValueKind.Number);
        figures.GetProperty("perUnitAndWeek").EnumerateArray().ShouldContain(w => w.GetProperty("unitId").GetGuid() == unit && w.GetProperty("fromCitizens").GetInt32() > 0);
        all.GetProperty("appointments").ValueKind.ShouldBe(JsonValueKind.Object, "one answer holds every module's figures");
        var raw = all.GetRawText();
        raw.ShouldNotContain(pid);
        raw.ShouldNotContain(secret);
        raw.ShouldNotContain("Hemmelig emne");
        raw.ShouldNotContain(child.ToString());
    }

    // ---- helpers ----

    private async Task<(HttpClient Guardian, Guid ChildId, string ChildPid)> GuardianAndChildAsync(string childTag)
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childPid = await Citizens.PidOfAsync(host.CreateClient(), childTag);
        var childLogin = await Citizens.LoginAsync(host, childTag);
        var childId = (await childLogin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        return (guardian, childId, childPid);
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient client, Guid subject, Guid unitId, string subjectLine, string body) =>
        PostWithKeyAsync(client, $"/api/v1/subjects/{subject}/threads", new { unitId, subject = subjectLine, body }, Guid.NewGuid().ToString());

    private static async Task<Guid> StartedAsync(HttpClient client, Guid subject, Guid unitId, string subjectLine, string body)
    {
        var response = await StartAsync(client, subject, unitId, subjectLine, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync<T>(HttpClient client, string url, T body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string fileName, string contentType)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> StartWithFileAsync(HttpClient client, string url, Guid unitId, string subjectLine, string body, byte[] content, string fileName, string key)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(unitId.ToString()), "unitId" },
            { new StringContent(subjectLine), "subject" },
            { new StringContent(body), "body" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<Dictionary<Guid, int>> UnreadCountsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/messaging/unread-counts")).EnumerateArray()
            .ToDictionary(c => c.GetProperty("subjectId").GetGuid(), c => c.GetProperty("unread").GetInt32());

    private static async Task<int> AccessLogRowsAsync(HttpClient subject, Guid subjectId, string action) =>
        (await subject.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subjectId}/access-log?kind={action}&pageSize=100")).EnumerateArray().Count();

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"the problem names {field}: {text}");
    }

    private static async Task<List<JsonElement>> ThreadsAsync(HttpClient client, Guid subject) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads")).EnumerateArray().ToList();

    private static async Task<List<JsonElement>> MessagesAsync(HttpClient client, Guid subject, Guid threadId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads/{threadId}")).GetProperty("messages").EnumerateArray().ToList();

    private async Task<int> JournalEntriesAsync(string vendor, string pid, string text)
    {
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/{vendor}/journal?pid={pid}");
        return journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "message" && e.GetProperty("text").GetString() == text);
    }

    private async Task HoldLaterLevelsAsync(string vendor, bool hold) =>
        (await host.CreateClient().PutAsJsonAsync($"/simulators/epj/{vendor}/faults", new { holdLaterLevels = hold })).EnsureSuccessStatusCode();

    /// <summary>Runs every work queue a few rounds without waiting for the journals (whose later levels are held).</summary>
    private async Task RoundsAsync()
    {
        var queues = host.Services.GetRequiredService<WorkQueues>().All;
        for (var round = 0; round < 5; round++)
        {
            foreach (var queue in queues)
            {
                await queue.ProcessDueAsync(CancellationToken.None);
            }
        }
    }
}

/// <summary>Small real files: the first bytes are what the platform checks.</summary>
internal static class Files
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    /// <summary>A Windows program's header (MZ ... PE).</summary>
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x50, 0x45, 0x00, 0x00];
}
