using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.YouthChat.Tests;

public sealed class YouthChatOnSqlite(ChatOnSqlite host) : YouthChatTests<ChatOnSqlite>(host);

public sealed class YouthChatOnPostgres(ChatOnPostgres host) : YouthChatTests<ChatOnPostgres>(host);

[NeedsSqlServer]
public sealed class YouthChatOnSqlServer(ChatOnSqlServer host) : YouthChatTests<ChatOnSqlServer>(host);

/// <summary>A youth and a school nurse, each on their own HTTP client, the youth without any login.</summary>
public abstract class YouthChatTests<THost>(THost host) : IClassFixture<THost>
    where THost : ChatHost, new()
{
    private static int nextMunicipality = 8100;

    [Fact]
    public async Task Given_two_youths_waiting_When_the_nurse_looks_at_the_queue_Then_each_shows_its_unit_and_the_first_message_to_triage_by()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);
        var (_, silent, _) = await OpenAsync(unit);
        await SayAsync(youth, conversation, "Jeg har det vondt hjemme");
        await SayAsync(youth, conversation, "Kan noen svare?");
        var nurse = await NurseAsync(unit);

        var queue = (await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/queue")).GetProperty("conversations").EnumerateArray().ToList();

        var written = queue.Single(c => c.GetProperty("conversationId").GetGuid() == conversation);
        written.GetProperty("firstMessage").GetString().ShouldBe("Jeg har det vondt hjemme");
        written.GetProperty("unitName").GetString()!.ShouldStartWith("Skolehelsetjenesten Testvik");
        queue.Single(c => c.GetProperty("conversationId").GetGuid() == silent).GetProperty("firstMessage").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Given_a_youth_and_a_nurse_of_the_unit_When_they_chat_Then_messages_flow_both_ways_in_real_time_and_a_dropped_connection_resumes_with_nothing_lost_or_repeated()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, opened) = await OpenAsync(unit);
        opened.GetProperty("queuePosition").GetInt32().ShouldBe(1);
        var nurse = await NurseAsync(unit);

        var youthEvents = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events");
        (await youthEvents.NextAsync("queue")).Json.GetProperty("queuePosition").GetInt32().ShouldBe(1);
        await SayAsync(youth, conversation, "Hei, jeg lurer på noe");
        (await youthEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei, jeg lurer på noe");

        var queue = await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/queue");
        queue.GetProperty("conversations").EnumerateArray().ShouldContain(c => c.GetProperty("conversationId").GetGuid() == conversation && c.GetProperty("position").GetInt32() == 1);
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await youthEvents.NextAsync("nurse-joined")).Seq.ShouldBe(2, "the youth sees at once that a nurse has joined");

        await using (var nurseEvents = await EventStream.OpenAsync(nurse, $"/api/v1/staff/youth-chat/conversations/{conversation}/events"))
        {
            (await nurseEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei, jeg lurer på noe", "the nurse reads what was written while waiting");
            await SayAsync(nurse, conversation, "Hei! Hva lurer du på?", staff: true);
            (await youthEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei! Hva lurer du på?");
            await SayAsync(youth, conversation, "Er det normalt å være så sliten?");
            (await nurseEvents.NextAsync("message")).Seq.ShouldBe(3L, "the nurse's own line comes back on her stream too");
            var fromYouth = await nurseEvents.NextAsync("message");
            (fromYouth.Seq, fromYouth.Json.GetProperty("from").GetString()).ShouldBe((4L, "youth"));

            // The youth's network drops; the nurse writes three lines meanwhile.
            await youthEvents.DisposeAsync();
            foreach (var line in new[] { "Det kan det være.", "Sover du godt?", "Spiser du frokost?" })
            {
                await SayAsync(nurse, conversation, line, staff: true);
            }

            await using var resumed = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events", lastEventId: "4");
            var missed = new List<ReceivedEvent> { await resumed.NextAsync("message"), await resumed.NextAsync("message"), await resumed.NextAsync("message") };
            missed.Select(e => e.Seq).ShouldBe([5L, 6L, 7L], "exactly what came after the last event the youth had, in order");
            missed.Select(e => e.Json.GetProperty("text").GetString()).ShouldBe(["Det kan det være.", "Sover du godt?", "Spiser du frokost?"]);
            await SayAsync(youth, conversation, "Nei, egentlig ikke");
            (await resumed.NextAsync("message")).Seq.ShouldBe(8L, "nothing repeated: the youth's own next line is the next number");
            (await nurseEvents.NextAsync("message")).Seq.ShouldBe(5L);
            (await nurseEvents.NextAsync("message")).Seq.ShouldBe(6L);
            (await nurseEvents.NextAsync("message")).Seq.ShouldBe(7L);
            (await nurseEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Nei, egentlig ikke");
        }
    }

    [Fact]
    public async Task Given_a_conversation_at_one_unit_When_a_nurse_of_another_unit_or_a_wrong_token_asks_for_it_Then_it_is_not_found()
    {
        var unit = await NewChatUnitAsync();
        var other = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);
        await SayAsync(youth, conversation, "Hei");
        var stranger = await NurseAsync(other);

        (await stranger.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/queue")).GetProperty("conversations").EnumerateArray()
            .ShouldNotContain(c => c.GetProperty("conversationId").GetGuid() == conversation);
        (await stranger.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/messages", new { text = "Hei" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var nurse = await NurseAsync(unit);
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/messages", new { text = "Hei" })).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "a nurse writes only in a conversation she has taken");

        var guesser = Client().WithToken("a-guessed-token");
        (await guesser.GetAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await guesser.DeleteAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client().GetAsync($"/api/v1/youth-chat/conversations/{conversation}/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await youth.GetAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_two_nurses_When_both_claim_one_conversation_Then_one_gets_it_and_the_other_is_told_it_is_taken()
    {
        var unit = await NewChatUnitAsync();
        var (_, conversation, _) = await OpenAsync(unit);
        var first = await NurseAsync(unit, "1000001");
        var second = await NurseAsync(unit, "1000002");

        var answers = await Task.WhenAll(
            first.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null),
            second.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null));

        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
    }

    [Fact]
    public async Task Given_a_nurse_keeping_her_units_prepared_answers_When_she_lists_her_units_and_removes_an_answer_Then_her_colleague_sees_the_same_list()
    {
        var unit = await NewChatUnitAsync();
        var nurse = await NurseAsync(unit, "2000011");
        var colleague = await NurseAsync(unit, "2000012");

        var units = await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/units");
        units.EnumerateArray().ShouldHaveSingleItem().GetProperty("unitId").GetGuid().ShouldBe(unit);
        units[0].GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace("the page names the unit an answer belongs to");

        var added = await nurse.PostAsJsonAsync("/api/v1/staff/youth-chat/prepared-answers", new { unitId = unit, title = "Åpningstider", text = "Chatten er åpen hverdager 08-15." });
        var answerId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await colleague.DeleteAsync($"/api/v1/staff/youth-chat/prepared-answers/{answerId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/prepared-answers")).EnumerateArray()
            .ShouldNotContain(a => a.GetProperty("id").GetGuid() == answerId, "a colleague at the unit removed it");
        (await nurse.DeleteAsync($"/api/v1/staff/youth-chat/prepared-answers/{answerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_nurse_with_prepared_answers_When_she_answers_transfers_and_flags_abuse_Then_the_youth_sees_each_step_and_the_token_is_blocked()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);
        var nurse = await NurseAsync(unit, "2000001");
        var colleague = await NurseAsync(unit, "2000002");
        (await colleague.GetAsync("/api/v1/staff/youth-chat/queue")).EnsureSuccessStatusCode();
        var added = await nurse.PostAsJsonAsync("/api/v1/staff/youth-chat/prepared-answers", new { unitId = unit, title = "Velkommen", text = "Hei, du snakker med skolehelsetjenesten." });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var answerId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await colleague.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/prepared-answers")).EnumerateArray()
            .ShouldContain(a => a.GetProperty("id").GetGuid() == answerId, "prepared answers belong to the unit, not the nurse");

        await using var events = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events");
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).EnsureSuccessStatusCode();
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/messages", new { preparedAnswerId = answerId })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await events.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei, du snakker med skolehelsetjenesten.");

        var colleagues = await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/colleagues");
        var colleagueId = colleagues.EnumerateArray().Single().GetProperty("nurseId").GetString();
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/transfer", new { toNurseId = colleagueId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await events.NextAsync("nurse-joined", "nurse-left")).Json.GetProperty("text").GetString()!.ShouldContain("annen helsesykepleier");
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/messages", new { text = "Er du der?" })).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "after the transfer only the colleague writes");

        (await colleague.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/abusive", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var ended = await events.NextAsync("ended");
        ended.Json.GetProperty("text").GetString().ShouldBe("abusive");
        (await events.EndsAsync()).ShouldBeTrue("the stream closes after the end");
        (await SendAsync(youth, conversation, "Hallo?")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var again = await youth.PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit });
        again.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the flagged token cannot open a new conversation while blocked");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("helpNow").EnumerateArray().ShouldContain(h => h.GetProperty("phone").GetString() == "116 111");
    }

    [Fact]
    public async Task Given_a_youth_When_she_uses_quick_exit_Then_the_conversation_is_erased_at_once_and_the_nurse_is_told()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);
        await SayAsync(youth, conversation, "Dette vil jeg ikke at noen skal se");
        var nurse = await NurseAsync(unit);
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).EnsureSuccessStatusCode();
        await using var nurseEvents = await EventStream.OpenAsync(nurse, $"/api/v1/staff/youth-chat/conversations/{conversation}/events");
        await nurseEvents.NextAsync("message");

        (await youth.DeleteAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await nurseEvents.NextAsync("erased");
        (await youth.GetAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DatabaseText.TablesContainingAsync(host.Database, "Dette vil jeg ikke at noen skal se")).ShouldBeEmpty("no line of it is left anywhere");
        if (host.Database.Provider == BuildingBlocks.Persistence.DatabaseProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource;
            var secret = System.Text.Encoding.UTF8.GetBytes("Dette vil jeg ikke at noen skal se");
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                await using var copy = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var bytes = new MemoryStream();
                await copy.CopyToAsync(bytes);
                bytes.ToArray().AsSpan().IndexOf(secret).ShouldBe(-1, $"{Path.GetFileName(path)} still holds the erased text");
            }
        }
    }

    [Fact]
    public async Task Given_a_client_that_floods_When_it_sends_past_its_limit_Then_it_is_refused_with_429_and_Retry_After_and_the_nurse_gets_only_what_was_accepted()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 25; i++)
        {
            answers.Add(await SendAsync(youth, conversation, $"spam {i}"));
        }

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(20, "a burst of 20 is taken; the bucket does not refill within the test");
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.Count.ShouldBe(5);
        refused[0].Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        (await refused[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too-many-requests");
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{conversation}")).GetProperty("lastSeq").GetInt64().ShouldBe(20);
    }

    [Fact]
    public async Task Given_a_message_sent_twice_with_one_Idempotency_Key_When_the_retry_arrives_Then_it_is_stored_once()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(youth, conversation, "Er det noen der?", key);
        var retry = await SendAsync(youth, conversation, "Er det noen der?", key);

        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64().ShouldBe(1);
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64().ShouldBe(1, "the retry answers the first line");
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{conversation}")).GetProperty("lastSeq").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_unit_outside_its_chat_hours_When_a_youth_opens_a_chat_Then_she_is_told_when_it_opens_and_where_to_get_help_now()
    {
        // Open only on the weekday three days from today (Norwegian date), so closed now whatever the date and hour.
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var today = TimeZoneInfo.ConvertTime(host.Time.GetUtcNow(), oslo);
        var openDay = DateOnly.FromDateTime(today.DateTime).AddDays(3);
        var unit = await NewChatUnitAsync([new OpeningHours(openDay.DayOfWeek, new TimeOnly(10, 0), new TimeOnly(14, 0))]);

        var answer = await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit });

        answer.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("chat-closed");
        var opensAt = problem.GetProperty("opensAt").GetDateTimeOffset();
        var expected = openDay.ToDateTime(new TimeOnly(10, 0));
        opensAt.ShouldBe(new DateTimeOffset(expected, oslo.GetUtcOffset(expected)));
        problem.GetProperty("helpNow").EnumerateArray().Select(h => h.GetProperty("phone").GetString()).ShouldBe(["116 111", "113"]);

        var units = await Client().GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/units?municipality={await KommunenummerOfAsync(unit)}");
        units.EnumerateArray().Single().GetProperty("openNow").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Given_the_demo_data_When_a_youth_opens_a_chat_at_any_hour_Then_each_demo_municipality_has_a_school_health_unit_that_answers()
    {
        foreach (var kommunenummer in new[] { "9901", "9902", "9903" })
        {
            var units = await Client().GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/units?municipality={kommunenummer}");
            var open = units.EnumerateArray().Where(u => u.GetProperty("openNow").GetBoolean()).ToList();
            open.ShouldContain(u => u.GetProperty("type").GetString() == "school-health");
            var (youth, conversation, _) = await OpenAsync(open[0].GetProperty("unitId").GetGuid());
            (await youth.DeleteAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task Given_an_ended_conversation_When_the_retention_time_has_passed_Then_the_transcript_is_gone_the_counts_remain_and_neither_the_database_nor_the_logs_hold_the_clients_address_or_user_agent()
    {
        var unit = await NewChatUnitAsync();
        var (youth, conversation, _) = await OpenAsync(unit, ChatHost.ClientAddress);
        var marker = youth.DefaultRequestHeaders.UserAgent.ToString();
        var line = $"Hemmelig {Guid.NewGuid():N}";
        await SayAsync(youth, conversation, line);
        await (await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events")).DisposeAsync();
        (await youth.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/messages", new { text = "\u0007" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var nurse = await NurseAsync(unit);
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).EnsureSuccessStatusCode();
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/end", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DatabaseText.TablesContainingAsync(host.Database, line)).ShouldNotBeEmpty("kept until the retention time has passed");

        host.Time.Advance(TimeSpan.FromHours(23));
        await host.QuietAsync();
        (await DatabaseText.TablesContainingAsync(host.Database, line)).ShouldNotBeEmpty("the municipality keeps it 24 hours");

        host.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await host.QuietAsync();

        (await DatabaseText.TablesContainingAsync(host.Database, line)).ShouldBeEmpty("the transcript is deleted");
        (await DatabaseText.TablesContainingAsync(host.Database, conversation.ToString())).ShouldBeEmpty("nothing refers to the conversation any more");
        var admin = await Citizens.StaffAsync(host, "admin", unit);
        var figures = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/municipalities/{await KommunenummerOfAsync(unit)}/figures");
        var chat = figures.GetProperty("youthChat");
        (chat.GetProperty("conversations").GetInt32(), chat.GetProperty("answered").GetInt32(), chat.GetProperty("unanswered").GetInt32()).ShouldBe((1, 1, 0));
        chat.GetProperty("medianWaitSeconds").ValueKind.ShouldBe(JsonValueKind.Number);
        var week = chat.GetProperty("perWeek").EnumerateArray().ShouldHaveSingleItem();
        (week.GetProperty("conversations").GetInt32(), week.GetProperty("answered").GetInt32()).ShouldBe((1, 1), "the week's count, and nothing else about it");

        (await DatabaseText.TablesContainingAsync(host.Database, ChatHost.ClientAddress)).ShouldBeEmpty();
        (await DatabaseText.TablesContainingAsync(host.Database, marker)).ShouldBeEmpty();
        host.Logs.Lines.ShouldNotBeEmpty("the host logs at Debug in this test, so absence means something");
        host.Logs.Lines.ShouldContain(l => l.Contains("/api/v1/youth-chat", StringComparison.Ordinal), "the chat's requests were logged");
        host.Logs.Lines.Where(l => l.Contains(ChatHost.ClientAddress, StringComparison.Ordinal) || l.Contains(marker, StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("visma", "9901", "transcript")]
    [InlineData("cgm", "9903", "message")]
    public async Task Given_a_youth_who_logs_in_and_consents_When_she_goes_on_from_the_chat_Then_a_thread_starts_with_the_chat_copied_and_the_journal_gets_it_the_way_it_takes_it(
        string vendor, string kommunenummer, string journalKind)
    {
        var unit = DemoUnits.Id(kommunenummer, 3);
        var (youth, conversation, opened) = await OpenAsync(unit);
        var secret = $"Jeg har vondt i magen hver morgen {Guid.NewGuid():N}";
        await SayAsync(youth, conversation, secret);
        var nurse = await NurseAsync(unit);
        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).EnsureSuccessStatusCode();
        await SayAsync(nurse, conversation, "Vil du logge inn, så kan vi fortsette og jeg kan kalle deg inn?", staff: true);
        await using var nurseEvents = await EventStream.OpenAsync(nurse, $"/api/v1/staff/youth-chat/conversations/{conversation}/events", lastEventId: "3");
        var body = new { conversationToken = opened.GetProperty("conversationToken").GetString(), consentToCopyTranscript = true, message = "Her er jeg, nå logget inn." };

        (await youth.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over", body)).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized, "an identified thread only after a real login");
        var login = await Citizens.LoginAsync(host, "youth-16-17");
        var pid = await Citizens.PidOfAsync(login, "youth-16-17");
        var answer = await login.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over", body);

        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        var handedOver = await answer.Content.ReadFromJsonAsync<JsonElement>();
        handedOver.GetProperty("transcriptCopied").GetBoolean().ShouldBeTrue();
        (await nurseEvents.NextAsync("identified")).Json.GetProperty("text").GetString()!.ShouldContain("logget inn");
        (await nurseEvents.NextAsync("ended")).Json.GetProperty("text").GetString().ShouldBe("handed-over");
        var (subject, thread) = (handedOver.GetProperty("subjectId").GetGuid(), handedOver.GetProperty("threadId").GetGuid());
        var messages = (await login.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads/{thread}")).GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[0].GetProperty("body").GetString()!.ShouldContain(secret);
        messages[0].GetProperty("body").GetString()!.ShouldContain("Helsesykepleier: Vil du logge inn");
        messages[1].GetProperty("body").GetString().ShouldBe("Her er jeg, nå logget inn.");

        await host.QuietAsync();
        var journal = await Client().GetFromJsonAsync<JsonElement>($"/simulators/epj/{vendor}/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == journalKind && e.GetProperty("text").GetString()!.Contains(secret, StringComparison.Ordinal))
            .ShouldBe(1, $"{vendor} takes the chat as a {journalKind}");
        (await login.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads/{thread}")).GetProperty("messages")[0].GetProperty("deliveryState").GetString()
            .ShouldBe("journaled", "the copy follows its journal item like any message");
        (await login.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over", body)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "handed over once");
    }

    [Fact]
    public async Task Given_a_youth_who_logs_in_without_consent_When_she_goes_on_from_the_chat_Then_the_thread_holds_only_her_new_message_and_nothing_links_it_to_the_chat()
    {
        var unit = DemoUnits.Id("9901", 3);
        var (youth, conversation, opened) = await OpenAsync(unit);
        var secret = $"Noe jeg bare vil si anonymt {Guid.NewGuid():N}";
        await SayAsync(youth, conversation, secret);
        var login = await Citizens.LoginAsync(host, "youth-16-17");
        var pid = await Citizens.PidOfAsync(login, "youth-16-17");

        var answer = await login.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over",
            new { conversationToken = opened.GetProperty("conversationToken").GetString(), consentToCopyTranscript = false, message = "Kan jeg få en time?" });

        answer.StatusCode.ShouldBe(HttpStatusCode.Created);
        var handedOver = await answer.Content.ReadFromJsonAsync<JsonElement>();
        handedOver.GetProperty("transcriptCopied").GetBoolean().ShouldBeFalse();
        var thread = handedOver.GetProperty("threadId").GetGuid();
        var messages = (await login.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{handedOver.GetProperty("subjectId").GetGuid()}/threads/{thread}")).GetProperty("messages");
        messages.GetArrayLength().ShouldBe(1);
        messages[0].GetProperty("body").GetString().ShouldBe("Kan jeg få en time?");
        await host.QuietAsync();
        (await Client().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}")).GetProperty("entries").EnumerateArray()
            .ShouldNotContain(e => e.GetProperty("text").GetString()!.Contains(secret, StringComparison.Ordinal));
        (await DatabaseText.TablesContainingAsync(host.Database, secret)).ShouldAllBe(table => table.Contains("youthchat", StringComparison.Ordinal), "the chat's lines stay in the chat, which is deleted after retention");
        (await DatabaseText.TablesContainingAsync(host.Database, thread.ToString())).ShouldNotContain(table => table.Contains("youthchat", StringComparison.Ordinal));
        (await DatabaseText.TablesContainingAsync(host.Database, conversation.ToString())).ShouldAllBe(table => table.Contains("youthchat", StringComparison.Ordinal));
        (await DatabaseText.TablesContainingAsync(host.Database, handedOver.GetProperty("subjectId").GetGuid().ToString())).ShouldNotContain(table => table.Contains("youthchat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_double_tap_When_two_hand_overs_of_one_chat_arrive_at_once_Then_one_thread_is_started_and_the_other_is_told_it_is_done()
    {
        var (youth, conversation, opened) = await OpenAsync(DemoUnits.Id("9902", 3));
        await SayAsync(youth, conversation, "Hei");
        var login = await Citizens.LoginAsync(host, "youth-16-17");
        var subject = (await login.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var before = (await login.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads")).GetArrayLength();
        var body = new { conversationToken = opened.GetProperty("conversationToken").GetString(), consentToCopyTranscript = true, message = "Dobbelttrykk" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => login.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over", body)));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(2);
        (await login.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/threads")).GetArrayLength().ShouldBe(before + 1, "one thread, one copy of the transcript");
    }

    [Fact]
    public async Task Given_an_adult_who_got_hold_of_a_chat_token_When_handing_over_Then_it_is_refused_and_the_chat_stays_open()
    {
        var (youth, conversation, opened) = await OpenAsync(DemoUnits.Id("9901", 3));
        await SayAsync(youth, conversation, "Noe privat");
        var adult = await Citizens.LoginAsync(host, "guardian");

        var answer = await adult.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/hand-over",
            new { conversationToken = opened.GetProperty("conversationToken").GetString(), consentToCopyTranscript = true, message = "Hei" });

        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{conversation}")).GetProperty("state").GetString().ShouldBe("queued");
    }

    [Fact]
    public async Task Given_a_resume_point_the_conversation_never_gave_out_When_a_stream_is_opened_Then_it_is_refused_naming_it_instead_of_replaying_or_skipping()
    {
        var (youth, conversation, _) = await OpenAsync(await NewChatUnitAsync());
        await SayAsync(youth, conversation, "Hei");

        foreach (var (header, query) in new[] { ("-5", ""), ("abc", ""), ("50", ""), ((string?)null, "?after=-1"), (null, "?after=9") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/youth-chat/conversations/{conversation}/events{query}");
            if (header is not null)
            {
                request.Headers.Add("Last-Event-ID", header);
            }

            var answer = await youth.SendAsync(request);
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{header}{query}");
            (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name.ShouldBe(header is null ? "after" : "Last-Event-ID");
        }
    }

    [Fact]
    public async Task Given_a_message_of_only_invisible_characters_When_sent_Then_it_is_refused_naming_the_field()
    {
        var (youth, conversation, _) = await OpenAsync(await NewChatUnitAsync());

        foreach (var text in new[] { "\u200B\u200B", "\u3164", "\uFEFF", "\u00AD", "\u200F\u061C", "\uDB40\uDC01", " \u2800 " })
        {
            var answer = await SendAsync(youth, conversation, text);
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString()!.ShouldContain("visible");
        }

        (await SendAsync(youth, conversation, "\u200Bhei")).StatusCode.ShouldBe(HttpStatusCode.Created, "visible text with an invisible character in it is still text");
    }

    [Fact]
    public async Task Given_one_network_address_When_it_opens_chat_after_chat_Then_it_is_limited_while_other_addresses_go_on()
    {
        var unit = await NewChatUnitAsync();
        var address = $"2001:db8:1::{Random.Shared.Next(1, 0xffff):x}";
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add((await Client(address).PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode);
        }

        answers.Count(a => a == HttpStatusCode.Created).ShouldBe(10);
        answers.Skip(10).ShouldAllBe(a => a == HttpStatusCode.TooManyRequests);
        (await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    // Issue 29: rotating through the addresses of one IPv6 /64 (which one phone or home holds) made every chat a new client.
    [Fact]
    public async Task Given_one_IPv6_network_rotating_its_addresses_When_it_opens_chat_after_chat_Then_it_is_limited_as_one_client_and_a_refused_youth_is_shown_the_help_lines()
    {
        var unit = await NewChatUnitAsync();
        var network = $"2001:db8:29:{Random.Shared.Next(1, 0xffff):x}";
        var answers = new List<HttpResponseMessage>();
        for (var i = 1; i <= 12; i++)
        {
            answers.Add(await Client($"{network}:{i:x}:{Random.Shared.Next(1, 0xffff):x}::{i:x}").PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit }));
        }

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(10);
        answers[^1].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await answers[^1].Content.ReadAsStringAsync()).ShouldContain("116 111", customMessage: "the national help lines come with the refusal");
        (await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode.ShouldBe(HttpStatusCode.Created, "another network goes on");
    }

    // Issue 29: a flooded queue emptied only as each chat timed out; a nurse now clears it in one action.
    [Fact]
    public async Task Given_a_flooded_queue_When_a_nurse_of_the_unit_clears_it_Then_every_waiting_chat_ends_and_new_youths_get_in()
    {
        var unit = await NewChatUnitAsync();
        var waiting = new List<(HttpClient Youth, Guid Conversation)>();
        for (var i = 0; i < 3; i++)
        {
            var (youth, conversation, _) = await OpenAsync(unit);
            waiting.Add((youth, conversation));
        }

        await SayAsync(waiting[0].Youth, waiting[0].Conversation, "Hei");
        var nurse = await NurseAsync(unit);
        (await (await NurseAsync(await NewChatUnitAsync())).PostAsync($"/api/v1/staff/youth-chat/units/{unit}/queue/clear", null)).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "a nurse of another unit cannot clear this queue");

        var cleared = await nurse.PostAsync($"/api/v1/staff/youth-chat/units/{unit}/queue/clear", null);

        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32().ShouldBe(3);
        foreach (var (youth, conversation) in waiting)
        {
            (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{conversation}")).GetProperty("state").GetString().ShouldBe("ended");
        }

        (await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/queue")).GetProperty("conversations").EnumerateArray()
            .ShouldNotContain(c => c.GetProperty("unitId").GetGuid() == unit);
        (await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Given_many_phones_When_they_open_chats_with_one_unit_at_once_Then_past_the_units_burst_they_get_429_while_other_units_go_on()
    {
        var unit = await NewChatUnitAsync();
        var networks = Enumerable.Range(0, 4).Select(_ => $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}::").ToList();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 32; i++)
        {
            answers.Add(await Client($"{networks[i / 8]}{i + 1:x}").PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit }));
        }

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(30, "a burst of 30 per unit; the bucket does not refill within the test");
        answers.Skip(30).ShouldAllBe(a => a.StatusCode == HttpStatusCode.TooManyRequests, "these came from networks that had just opened a chat, so the reserve is not theirs");
        answers[^1].Headers.RetryAfter.ShouldNotBeNull();
        (await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = await NewChatUnitAsync() })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    // Issue 29: a chat that had said one word held its place for an hour, so one-word chats kept a queue full.
    [Fact]
    public async Task Given_youths_who_wrote_while_waiting_When_one_is_gone_and_the_other_is_still_there_Then_only_the_one_who_left_loses_her_place()
    {
        var unit = await NewChatUnitAsync();
        var (gone, left, _) = await OpenAsync(unit);
        await SayAsync(gone, left, "hei");
        var (there, staying, _) = await OpenAsync(unit);
        await SayAsync(there, staying, "Jeg venter på svar");

        foreach (var minutes in new[] { 3, 3, 3 })
        {
            host.Time.Advance(TimeSpan.FromMinutes(minutes));
            (await there.GetAsync($"/api/v1/youth-chat/conversations/{staying}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await host.QuietAsync();
        }

        var ended = await gone.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{left}");
        (ended.GetProperty("state").GetString(), ended.GetProperty("endReason").GetString())
            .ShouldBe(("ended", "abandoned"), "not seen for more than five minutes: the place goes to someone who is there, not an hour later");
        var waiting = await there.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{staying}");
        (waiting.GetProperty("state").GetString(), waiting.GetProperty("queuePosition").GetInt32()).ShouldBe(("queued", 1));
    }

    // Issue 32: a youth who closed the tab kept a place the nurse could not tell from one who waits.
    [Fact]
    public async Task Given_a_youth_who_wrote_and_closed_the_tab_When_the_nurse_looks_at_the_queue_Then_it_is_marked_away_and_then_leaves_as_abandoned()
    {
        var unit = await NewChatUnitAsync();
        var (gone, left, _) = await OpenAsync(unit);
        await SayAsync(gone, left, "Jeg lurer på noe");
        var (there, staying, _) = await OpenAsync(unit);
        await SayAsync(there, staying, "Jeg venter");
        var nurse = await NurseAsync(unit);

        async Task<Dictionary<Guid, bool>> AwayAsync() =>
            (await nurse.GetFromJsonAsync<JsonElement>("/api/v1/staff/youth-chat/queue")).GetProperty("conversations").EnumerateArray()
                .ToDictionary(c => c.GetProperty("conversationId").GetGuid(), c => c.GetProperty("youthAway").GetBoolean());

        (await AwayAsync()).ShouldBe(new Dictionary<Guid, bool> { [left] = false, [staying] = false });
        host.Time.Advance(TimeSpan.FromMinutes(3));
        (await there.GetAsync($"/api/v1/youth-chat/conversations/{staying}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.QuietAsync();
        (await AwayAsync()).ShouldBe(new Dictionary<Guid, bool> { [left] = true, [staying] = false }, "three minutes unseen: marked, still in its place");

        host.Time.Advance(TimeSpan.FromMinutes(3));
        (await there.GetAsync($"/api/v1/youth-chat/conversations/{staying}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.QuietAsync();

        (await AwayAsync()).ShouldBe(new Dictionary<Guid, bool> { [staying] = false }, "past five minutes the abandoned chat has left the queue");
        (await gone.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{left}")).GetProperty("endReason").GetString().ShouldBe("abandoned");
    }

    // Issue 29: the unit's bucket, once a flood had emptied it, refused every youth.
    [Fact]
    public async Task Given_a_flood_from_a_few_networks_that_empties_the_units_bucket_When_youths_from_other_networks_come_Then_they_get_in_from_the_reserve_and_the_operator_sees_the_flood()
    {
        var unit = await NewChatUnitAsync(phone: "+47 22 00 00 29");
        var flood = Enumerable.Range(0, 3).Select(_ => $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}::").ToList();
        var flooding = new List<HttpStatusCode>();
        foreach (var network in flood)
        {
            for (var i = 1; i <= 12; i++)
            {
                flooding.Add((await Client($"{network}{i:x}").PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode);
            }
        }

        flooding.Count(s => s == HttpStatusCode.Created).ShouldBe(30, "ten from each network, which empties the unit's burst");
        var refused = await Client($"{flood[0]}ff").PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit });
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var help = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("helpNow").EnumerateArray().Select(h => h.GetProperty("phone").GetString()).ToList();
        help.ShouldBe(["+47 22 00 00 29", "116 111", "113"], "the unit's own phone first, then the national lines, in the refusal itself");

        var youths = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            youths.Add((await Client().PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).StatusCode);
        }

        youths.Take(10).ShouldAllBe(s => s == HttpStatusCode.Created, "networks that had not opened a chat get in from the unit's reserve");
        youths[^1].ShouldBe(HttpStatusCode.TooManyRequests, "the reserve is ten; it refills by one every half minute");
        (await Client().GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/units?municipality={await KommunenummerOfAsync(unit)}"))
            .EnumerateArray().ShouldHaveSingleItem().GetProperty("phone").GetString().ShouldBe("+47 22 00 00 29", "the chat's list shows whom to call");

        var admin = await Citizens.StaffAsync(host, "admin", unit);
        var load = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/municipalities/{await KommunenummerOfAsync(unit)}/figures"))
            .GetProperty("youthChat").GetProperty("now").EnumerateArray().ShouldHaveSingleItem();
        (load.GetProperty("waitingNow").GetInt32(), load.GetProperty("refusedLastHour").GetInt32()).ShouldBe((40, 8), "the flood as the operator sees it: who waits, how many were refused");
    }

    [Fact]
    public async Task Given_a_conversation_that_waits_without_a_word_When_the_silence_lasts_Then_it_leaves_the_queue()
    {
        var unit = await NewChatUnitAsync();
        var (silent, conversation, _) = await OpenAsync(unit);
        var (talking, other, _) = await OpenAsync(unit);
        await SayAsync(talking, other, "Jeg venter");

        // Both are there all along (their pages ask where they stand); the silent one keeps a place 10 minutes at most.
        foreach (var minutes in new[] { 4, 4, 3 })
        {
            host.Time.Advance(TimeSpan.FromMinutes(minutes));
            (await talking.GetAsync($"/api/v1/youth-chat/conversations/{other}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await silent.GetAsync($"/api/v1/youth-chat/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await host.QuietAsync();
        }

        var ended = await silent.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{conversation}");
        (ended.GetProperty("state").GetString(), ended.GetProperty("endReason").GetString()).ShouldBe(("ended", "idle"));
        (await talking.GetFromJsonAsync<JsonElement>($"/api/v1/youth-chat/conversations/{other}")).GetProperty("queuePosition").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_token_holder_When_opening_stream_after_stream_Then_the_fifth_at_once_is_refused()
    {
        var (youth, conversation, _) = await OpenAsync(await NewChatUnitAsync());
        var streams = new List<EventStream>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var stream = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events");
                streams.Add(stream);
                await stream.NextAsync("state");
            }

            var fifth = await youth.GetAsync($"/api/v1/youth-chat/conversations/{conversation}/events", HttpCompletionOption.ResponseHeadersRead);
            fifth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>A youth's phone: a user agent of its own and, unless told, a network address of its own.</summary>
    private HttpClient Client(string? address = null)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("UngTestklient", Guid.NewGuid().ToString("N")[..12]));
        // A /64 of its own: the chat counts IPv6 clients by their /64.
        client.DefaultRequestHeaders.Add("X-Test-Address", address ?? $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}::1");
        return client;
    }

    private async Task<(HttpClient Youth, Guid ConversationId, JsonElement Opened)> OpenAsync(Guid unit, string? address = null)
    {
        var youth = Client(address);
        var answer = await youth.PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit });
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        var opened = await answer.Content.ReadFromJsonAsync<JsonElement>();
        youth.WithToken(opened.GetProperty("conversationToken").GetString()!);
        return (youth, opened.GetProperty("conversationId").GetGuid(), opened);
    }

    private Task<HttpClient> NurseAsync(Guid unit, string hpr = "9144889") => NurseOfAsync(host, unit, hpr);

    internal static async Task<HttpClient> NurseOfAsync(PlatformHost host, Guid unit, string hpr)
    {
        var client = host.CreateClient();
        var form = new FormUrlEncodedContent([new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("hpr", hpr), new("role", "nurse"), new("unitId", unit.ToString())]);
        var token = await client.PostAsync("/simulators/helseid/token", form);
        token.EnsureSuccessStatusCode();
        return client.WithToken((await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid conversation, string text, string? key = null, bool staff = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{(staff ? "staff/" : "")}youth-chat/conversations/{conversation}/messages") { Content = JsonContent.Create(new { text }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private static async Task SayAsync(HttpClient client, Guid conversation, string text, bool staff = false)
    {
        var answer = await SendAsync(client, conversation, text, staff: staff);
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>A municipality of its own with one school-health unit, open around the clock unless told: a queue no other test touches.</summary>
    private async Task<Guid> NewChatUnitAsync(IReadOnlyList<OpeningHours>? hours = null, string? phone = null)
    {
        var kommunenummer = Interlocked.Increment(ref nextMunicipality).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var unit = Guid.NewGuid();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ProvisionMunicipality(kommunenummer, $"Testvik {kommunenummer}",
            [new ProvisionedUnit(unit, $"Skolehelsetjenesten Testvik {kommunenummer}", UnitTypes.SchoolHealth, $"{kommunenummer}01", "Skoleveien 1", "", null, hours ?? OpeningHours.AroundTheClock, phone)]));
        return unit;
    }

    private async Task<string> KommunenummerOfAsync(Guid unit)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetUnit(unit)))!.Kommunenummer;
    }
}
