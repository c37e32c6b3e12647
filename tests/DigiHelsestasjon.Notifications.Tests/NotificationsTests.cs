using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.Templates;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Notifications.Tests;

public sealed class NotificationsOverHttpOnSqlite(SqliteOverHttp host) : NotificationsTests<SqliteOverHttp>(host);

public sealed class NotificationsInProcessOnPostgres(PostgresInProcess host) : NotificationsTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class NotificationsOnSqlServer(SqlServerOverHttp host) : NotificationsTests<SqlServerOverHttp>(host);

/// <summary>End to end with the test clock: booked in a simulated journal, planned from Calendar's events, sent to the
/// SMS gateway and SMTP simulators, read back from their outboxes.</summary>
public abstract class NotificationsTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    [Fact]
    public async Task Given_an_appointment_for_a_child_under_12_When_the_lead_times_come_Then_both_parents_get_each_reminder_and_a_move_replans_them()
    {
        var (childPid, parents) = await ChildWithTwoParentsAsync();
        var phones = await PhonesAsync(parents);
        var start = OsloTime(days: 3, hour: 12, minute: 5);
        var appointmentId = await BookAsync(childPid, start, "Vaksinasjon HPV");
        await host.QuietAsync();

        await AdvanceToAsync(start.AddHours(-48).AddMinutes(1));
        var first = await SmsForAsync(start);
        first.Select(s => s.To).Order().ShouldBe(phones.Order(), "one reminder to each parent with parental responsibility, 48 hours before");
        first.ShouldAllBe(s => s.Text.StartsWith("Påminnelse") && !s.Text.Contains("HPV") && !s.Text.Contains("Fjordvik"));

        var moved = start.AddDays(1);
        (await host.CreateClient().PutAsJsonAsync($"/simulators/epj/visma/appointments/{appointmentId}", new { start = moved })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        (await OutboxAsync()).Where(s => phones.Contains(s.To) && s.Text.Contains("endret")).Count().ShouldBeGreaterThanOrEqualTo(2, "both parents are told it changed");

        await AdvanceToAsync(moved.AddHours(-2).AddMinutes(1));
        (await SmsForAsync(start)).Count.ShouldBe(2, "no reminder for the old time after the move");
        (await SmsForAsync(moved)).Count.ShouldBe(4, "the new time's 48- and 2-hour reminders to both parents");
    }

    [Fact]
    public async Task Given_a_pregnant_womans_own_check_up_When_the_lead_time_comes_Then_she_is_reminded_and_her_partner_is_not()
    {
        var client = host.CreateClient();
        var mother = await Citizens.PidOfAsync(client, "pregnant");
        var partner = await Citizens.PidOfAsync(client, "partner-of-pregnant");
        var start = OsloTime(days: 5, hour: 10, minute: 17);
        await BookAsync(mother, start, "Svangerskapskontroll uke 34");
        await host.QuietAsync();

        await AdvanceToAsync(start.AddHours(-48).AddMinutes(1));

        var partnerPhone = (await PhonesAsync([partner])).Single();
        (await PhonesAsync([mother])).ShouldNotContain(partnerPhone);
        (await SmsForAsync(start)).Select(s => s.To).ShouldBe(await PhonesAsync([mother]), "her own item, her own reminder, as for a child's; none to her partner");
    }

    [Fact]
    public async Task Given_an_appointment_cancelled_before_its_reminders_When_their_times_come_Then_nothing_is_sent()
    {
        var (childPid, _) = await ChildWithTwoParentsAsync();
        var start = OsloTime(days: 3, hour: 12, minute: 10);
        var appointmentId = await BookAsync(childPid, start, "Kontroll");
        await host.QuietAsync();

        (await host.CreateClient().DeleteAsync($"/simulators/epj/visma/appointments/{appointmentId}")).EnsureSuccessStatusCode();
        await host.QuietAsync();
        await AdvanceToAsync(start.AddHours(-1));

        (await SmsForAsync(start)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Given_a_guardian_who_cancels_When_the_journal_takes_it_at_once_Then_she_gets_no_notice_but_when_staff_decide_she_does()
    {
        var (guardian, childId, childPid) = await GuardianAndChildAsync();
        var phone = (await PhonesAsync([await Citizens.PidOfAsync(host.CreateClient(), "guardian")])).Single();
        async Task<int> AnswersToHerAsync() => (await OutboxAsync()).Count(s => s.To == phone && s.Text.StartsWith("Det er svar på en avbestilling", StringComparison.Ordinal));
        var before = await AnswersToHerAsync();

        await CancelAsync(guardian, childId, "visma", childPid, DemoUnits.Id("9901", 1));
        var decided = await CancelAsync(guardian, childId, "infodoc", childPid, DemoUnits.Id("9902", 1));
        await host.QuietAsync();
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/infodoc/journal?pid={childPid}");
        var epjId = journal.GetProperty("appointments").EnumerateArray().First(a => a.GetProperty("type").GetString() == decided).GetProperty("appointmentId").GetString();
        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/infodoc/cancellations/{epjId}/decision", new { accept = true })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        await AdvanceToAsync(OsloTime(days: 1, hour: 9, minute: 0)); // past any quiet hours, whatever the time the test runs

        (await AnswersToHerAsync()).ShouldBe(before + 1, "InfoDoc's staff decided: she is told; Visma cancelled at once what she did herself: she is not");
    }

    /// <summary>Books in the journal with a type of its own, and the guardian asks to cancel it; returns the type.</summary>
    private async Task<string> CancelAsync(HttpClient guardian, Guid childId, string vendor, string childPid, Guid unitId)
    {
        var type = $"Konsultasjon {Guid.NewGuid():N}"[..22];
        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/{vendor}/appointments", new { pid = childPid, unitId, start = OsloTime(days: 9, hour: 10, minute: 0), type })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        var appointment = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{childId}/appointments")).EnumerateArray().Single(a => a.GetProperty("type").GetString() == type);
        (await guardian.PostAsJsonAsync($"/api/v1/subjects/{childId}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Syk" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return type;
    }

    [Fact]
    public async Task Given_a_reminder_due_at_23_When_its_time_comes_Then_it_waits_for_08_and_goes_then()
    {
        var (childPid, parents) = await ChildWithTwoParentsAsync();
        var start = OsloTime(days: 4, hour: 23, minute: 15);
        await BookAsync(childPid, start, "Kveldstime");
        await host.QuietAsync();

        await AdvanceToAsync(start.AddHours(-48).AddMinutes(1));
        (await SmsForAsync(start)).ShouldBeEmpty("no SMS at night");

        // 48 hours before 23:15 is 23:15 two evenings before, or 22:15 / 00:15 across a daylight-saving change: the quiet
        // hours then end at 08:00 the next morning, or (after midnight) the same morning.
        var dueLocal = TimeZoneInfo.ConvertTime(start.AddHours(-48), Oslo).DateTime;
        var morning = dueLocal.Hour < 8 ? dueLocal.Date : dueLocal.Date.AddDays(1);
        DateTimeOffset NextMorning(int hour, int minute) => new(TimeZoneInfo.ConvertTimeToUtc(morning.AddHours(hour).AddMinutes(minute), Oslo), TimeSpan.Zero);
        await AdvanceToAsync(NextMorning(7, 59));
        (await SmsForAsync(start)).ShouldBeEmpty("still night at 07:59");
        await AdvanceToAsync(NextMorning(8, 1));
        var sent = await SmsForAsync(start);
        sent.Count.ShouldBe(parents.Count, "postponed to 08:00, not dropped");
        sent.ShouldAllBe(s => TimeZoneInfo.ConvertTime(s.At, Oslo).Hour == 8);
    }

    [Fact]
    public async Task Given_a_youth_of_16_and_a_youth_of_14_writing_to_the_school_nurse_When_notices_go_Then_no_parent_gets_one()
    {
        var guardianPid = await Citizens.PidOfAsync(host.CreateClient(), "guardian");
        var guardianPhone = (await PhonesAsync([guardianPid])).Single();
        var olderPid = await Citizens.PidOfAsync(host.CreateClient(), "youth-16-17");
        var olderPhone = (await PhonesAsync([olderPid])).Single();
        var start = OsloTime(days: 3, hour: 13, minute: 20);
        await BookAsync(olderPid, start, "Samtale");
        await host.QuietAsync();

        var youth = await Citizens.LoginAsync(host, "youth-12-15");
        var youthId = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var youthPid = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");
        var thread = await StartThreadAsync(youth, youthId, DemoUnits.Id("9901", 3));
        await host.QuietAsync();
        var guardianNoticesBefore = (await OutboxAsync()).Count(s => s.To == guardianPhone && s.Text.Contains("ny melding"));
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = youthPid, unitId = DemoUnits.Id("9901", 3), threadId = thread, body = "Hei, ta kontakt når du vil." })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        await AdvanceToAsync(start.AddHours(-1));

        var outbox = await OutboxAsync();
        outbox.Where(s => s.To == olderPhone && s.At > start.AddDays(-3)).ShouldNotBeEmpty("the youth of 16 gets the reminder themself");
        outbox.ShouldNotContain(s => s.To == guardianPhone && s.Text.Contains(NoticeTemplates.Time(start.UtcDateTime, "nb")), "no reminder to the parent of a 16-year-old");
        outbox.Count(s => s.To == guardianPhone && s.Text.Contains("ny melding")).ShouldBe(guardianNoticesBefore, "no notice to the parent of the school nurse's answer to a 14-year-old");
    }

    [Fact]
    public async Task Given_the_gateway_took_an_SMS_but_its_answer_was_lost_When_the_notice_is_retried_Then_the_gateway_holds_one_SMS()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
        await host.QuietAsync();
        var client = host.CreateClient();
        var guardianPhone = (await PhonesAsync([await Citizens.PidOfAsync(client, "guardian")])).Single();
        var before = (await OutboxAsync()).Count(s => s.To == guardianPhone && s.Text.Contains("ny melding"));
        (await client.PutAsJsonAsync("/simulators/sms/faults", new { loseNextAnswer = true })).EnsureSuccessStatusCode();
        try
        {
            (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
            await host.QuietAsync();
            host.Time.Advance(TimeSpan.FromMinutes(5));
            await host.QuietAsync();
        }
        finally
        {
            await client.PutAsJsonAsync("/simulators/sms/faults", new { });
        }

        var notices = (await OutboxAsync()).Where(s => s.To == guardianPhone && s.Text.Contains("ny melding")).ToList();
        notices.Count.ShouldBe(before + 1, "the retry carried the same key and the gateway answered with the first SMS");
        (await NoticeItemAsync(notices[^1])).GetProperty("detail").GetString().ShouldBeOneOf(
            "sent", "delivered"); // the gateway's report of the first send came before the platform knew the id: logged and ignored
    }

    [Fact]
    public async Task Given_a_guardian_who_prefers_email_When_the_health_service_answers_Then_a_real_SMTP_conversation_delivers_it_with_the_right_headers()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "email", language = "nn" })).EnsureSuccessStatusCode();
        try
        {
            var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
            await host.QuietAsync();
            (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Hemmelig svar om søvn" })).EnsureSuccessStatusCode();
            await host.QuietAsync();

            var address = (await ContactsAsync([await Citizens.PidOfAsync(host.CreateClient(), "guardian")])).Single().GetProperty("email").GetString();
            var mail = (await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Last(m => m.GetProperty("to")[0].GetString() == address);
            mail.GetProperty("subject").GetString().ShouldBe("Varsel frå helsestasjonen");
            mail.GetProperty("body").GetString()!.ShouldStartWith("Du har ei ny melding frå helsestasjonen. Logg inn på DigiHelsestasjon for å lese henne.");
            mail.GetProperty("body").GetString()!.ShouldNotContain("søvn");
            mail.GetProperty("messageId").GetString()!.ShouldEndWith(".email@digihelsestasjon.no>");
            mail.GetProperty("headers").GetProperty("Auto-Submitted").GetString().ShouldBe("auto-generated");
            mail.GetProperty("from").GetString().ShouldBe("ikke-svar@digihelsestasjon.no");
        }
        finally
        {
            (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "sms", language = "nb" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Given_a_guardian_who_prefers_email_When_the_relay_answers_451_Then_the_notice_is_retried_and_delivered_once_the_relay_takes_mail()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var client = host.CreateClient();
        var address = (await ContactsAsync([await Citizens.PidOfAsync(client, "guardian")])).Single().GetProperty("email").GetString();
        (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "email", language = "nb" })).EnsureSuccessStatusCode();
        try
        {
            var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
            await host.QuietAsync();
            var before = (await MailsToAsync(address)).Count;
            (await client.PutAsJsonAsync("/simulators/email/faults", new { transient = true })).EnsureSuccessStatusCode();
            try
            {
                (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
                await host.QuietAsync();
                (await MailsToAsync(address)).Count.ShouldBe(before, "451: nothing delivered yet");
            }
            finally
            {
                await client.PutAsJsonAsync("/simulators/email/faults", new { });
            }

            host.Time.Advance(TimeSpan.FromMinutes(5));
            await host.QuietAsync();

            var mails = await MailsToAsync(address);
            mails.Count.ShouldBe(before + 1, "retried after the 451, delivered once");
            var notice = await NoticeItemAsync(Guid.Parse(mails[^1].GetProperty("messageId").GetString()!.Trim('<', '>').Split('.')[0]));
            notice.GetProperty("scope").GetString().ShouldBe("email", "a 451 is no reason to fall back to SMS");
            notice.GetProperty("detail").GetString().ShouldBe("sent");
            notice.GetProperty("attempts").GetInt32().ShouldBe(2);
        }
        finally
        {
            (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "sms", language = "nb" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Given_a_guardian_who_prefers_email_When_the_relay_answers_550_Then_the_notice_falls_back_to_SMS()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var client = host.CreateClient();
        var guardianPid = await Citizens.PidOfAsync(client, "guardian");
        var address = (await ContactsAsync([guardianPid])).Single().GetProperty("email").GetString();
        var guardianPhone = (await PhonesAsync([guardianPid])).Single();
        (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "email", language = "nb" })).EnsureSuccessStatusCode();
        try
        {
            var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
            await host.QuietAsync();
            var mailsBefore = (await MailsToAsync(address)).Count;
            var smsBefore = (await OutboxAsync()).Count(s => s.To == guardianPhone && s.Text.Contains("ny melding"));
            (await client.PutAsJsonAsync("/simulators/email/faults", new { permanent = true })).EnsureSuccessStatusCode();
            try
            {
                (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
                await host.QuietAsync();
            }
            finally
            {
                await client.PutAsJsonAsync("/simulators/email/faults", new { });
            }

            (await MailsToAsync(address)).Count.ShouldBe(mailsBefore, "550: the relay took nothing");
            var sms = (await OutboxAsync()).Where(s => s.To == guardianPhone && s.Text.Contains("ny melding")).ToList();
            sms.Count.ShouldBe(smsBefore + 1, "refused for good by e-mail, so sent by SMS, without waiting for a retry");
            var notice = await NoticeItemAsync(sms[^1]);
            notice.GetProperty("scope").GetString().ShouldBe("sms", "the notice itself moved to the other channel");
            notice.GetProperty("attempts").GetInt32().ShouldBe(2, "one refused e-mail, one SMS");
        }
        finally
        {
            (await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "sms", language = "nb" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Given_a_number_that_cannot_get_SMS_When_a_notice_goes_Then_it_falls_back_to_email()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
        await host.QuietAsync();
        var client = host.CreateClient();
        var address = (await ContactsAsync([await Citizens.PidOfAsync(client, "guardian")])).Single().GetProperty("email").GetString();
        var before = (await client.GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Count(m => m.GetProperty("to")[0].GetString() == address);
        (await client.PutAsJsonAsync("/simulators/sms/faults", new { permanent = true })).EnsureSuccessStatusCode();
        try
        {
            (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
            await host.QuietAsync();
        }
        finally
        {
            await client.PutAsJsonAsync("/simulators/sms/faults", new { });
        }

        (await client.GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Count(m => m.GetProperty("to")[0].GetString() == address).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Given_preferences_When_read_and_changed_Then_bad_values_name_the_field_and_reminders_can_be_switched_off_but_not_message_notices()
    {
        var guardian = await Citizens.LoginAsync(host, "parent-without-responsibility");
        var preferences = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me/notification-preferences");
        preferences.GetProperty("channel").GetString().ShouldBe("sms");
        preferences.GetProperty("mandatory").EnumerateArray().Select(m => m.GetString()).ShouldContain("new-message");

        var bad = await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channel = "pigeon", language = "se" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("channel", out _).ShouldBeTrue();
        errors.TryGetProperty("language", out _).ShouldBeTrue();

        var off = await guardian.PutAsJsonAsync("/api/v1/me/notification-preferences", new { reminders = false });
        (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reminders").GetBoolean().ShouldBeFalse();
        (await host.CreateClient().GetAsync("/api/v1/me/notification-preferences")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var feide = await Citizens.TokenAsync(host.CreateClient(), await Citizens.PidOfAsync(host.CreateClient(), "parent-without-responsibility"), acr: "feide", issuer: "feide");
        (await host.CreateClient().WithToken(feide).PutAsJsonAsync("/api/v1/me/notification-preferences", new { reminders = true })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a Feide login does not change notices");
    }

    [Fact]
    public async Task Given_notices_sent_When_the_admin_reads_the_figures_Then_they_count_per_channel_and_day_without_person_data()
    {
        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
        await host.QuietAsync();
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var figures = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/figures");
        var notices = figures.GetProperty("notices").EnumerateArray().ToList();
        notices.ShouldContain(d => d.GetProperty("channel").GetString() == "sms" && d.GetProperty("delivered").GetInt32() + d.GetProperty("sent").GetInt32() > 0);
        var guardianPhone = (await PhonesAsync([await Citizens.PidOfAsync(host.CreateClient(), "guardian")])).Single();
        var sms = (await OutboxAsync()).Last(s => s.To == guardianPhone && s.Text.Contains("ny melding"));
        (await NoticeItemAsync(sms)).GetProperty("detail").GetString().ShouldBe("delivered", "the gateway's delivery report reached the notice");
        figures.GetRawText().ShouldNotContain(childPid);
        figures.GetRawText().ShouldNotContain(child.ToString());
    }

    [Fact]
    public async Task Given_the_report_endpoint_for_a_real_gateway_When_reports_come_Then_a_wrong_secret_is_401_bad_input_names_the_field_and_an_unknown_id_changes_nothing()
    {
        var client = host.CreateClient();
        Task<HttpResponseMessage> PostAsync(string secret, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notifications/sms/delivery-reports") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
            return client.SendAsync(request);
        }

        (await PostAsync("wrong", new { gatewayId = "sms-1", status = "delivered" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var bad = await PostAsync(EpjHost.SmsReportSecret, new { status = "read" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("gatewayId", out _).ShouldBeTrue();
        errors.TryGetProperty("status", out _).ShouldBeTrue();
        (await PostAsync(EpjHost.SmsReportSecret, new { gatewayId = "sms-nobody-knows", status = "delivered" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (guardian, child, childPid) = await GuardianAndChildAsync();
        var thread = await StartThreadAsync(guardian, child, DemoUnits.Id("9901", 1));
        await host.QuietAsync();
        (await client.PostAsJsonAsync("/simulators/epj/visma/messages", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), threadId = thread, body = "Svar" })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        var guardianPid = await Citizens.PidOfAsync(client, "guardian");
        var guardianPhone = (await PhonesAsync([guardianPid])).Single();
        var address = (await ContactsAsync([guardianPid])).Single().GetProperty("email").GetString();
        var mails = (await client.GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Count(m => m.GetProperty("to")[0].GetString() == address);
        var sms = (await OutboxAsync()).Last(s => s.To == guardianPhone && s.Text.Contains("ny melding"));

        (await PostAsync(EpjHost.SmsReportSecret, new { gatewayId = sms.GatewayId, status = "failed" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await host.QuietAsync();

        (await client.GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Count(m => m.GetProperty("to")[0].GetString() == address)
            .ShouldBe(mails + 1, "reported undeliverable by SMS, so sent by e-mail");
        (await NoticeItemAsync(sms)).GetProperty("scope").GetString().ShouldBe("email");
    }

    // ---- helpers ----

    private sealed record Sms(string To, string Text, DateTimeOffset At, string IdempotencyKey, string GatewayId);

    private async Task<(string ChildPid, List<string> Parents)> ChildWithTwoParentsAsync()
    {
        var client = host.CreateClient();
        var personas = await client.GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        var child = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12-extra")).GetProperty("pid").GetString()!;
        var person = await client.GetFromJsonAsync<JsonElement>($"/simulators/folkeregisteret/persons/{child}");
        var parents = person.GetProperty("parents").EnumerateArray().Where(p => p.GetProperty("parentalResponsibility").GetBoolean()).Select(p => p.GetProperty("pid").GetString()!).ToList();
        parents.Count.ShouldBe(2);
        return (child, parents);
    }

    private async Task<(HttpClient Guardian, Guid ChildId, string ChildPid)> GuardianAndChildAsync()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childPid = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        var childId = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        return (guardian, childId, childPid);
    }

    private static async Task<Guid> StartThreadAsync(HttpClient client, Guid subject, Guid unitId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{subject}/threads") { Content = JsonContent.Create(new { unitId, subject = "Spørsmål", body = "Hei" }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
    }

    /// <summary>An Oslo wall-clock time some days after the test clock's today.</summary>
    private DateTimeOffset OsloTime(int days, int hour, int minute)
    {
        var today = TimeZoneInfo.ConvertTime(host.Time.GetUtcNow(), Oslo).Date;
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(today.AddDays(days).AddHours(hour).AddMinutes(minute), Oslo), TimeSpan.Zero);
    }

    private async Task<string> BookAsync(string pid, DateTimeOffset start, string type)
    {
        var response = await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid, unitId = DemoUnits.Id("9901", 1), start, type });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
    }

    /// <summary>Moves the clock forward (never back) in steps, letting the platform work at each.</summary>
    private async Task AdvanceToAsync(DateTimeOffset when)
    {
        while (host.Time.GetUtcNow() < when)
        {
            var step = when - host.Time.GetUtcNow();
            host.Time.Advance(step > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : step);
            await host.QuietAsync();
        }
    }

    private async Task<List<Sms>> OutboxAsync() =>
        (await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/sms/outbox")).EnumerateArray()
            .Select(s => new Sms(s.GetProperty("to").GetString()!, s.GetProperty("text").GetString()!, s.GetProperty("at").GetDateTimeOffset(), s.GetProperty("idempotencyKey").GetString()!, s.GetProperty("gatewayId").GetString()!))
            .ToList();

    /// <summary>The reminders for an appointment at this time (the text names the time, in Oslo).</summary>
    private async Task<List<Sms>> SmsForAsync(DateTimeOffset start) =>
        (await OutboxAsync()).Where(s => s.Text.Contains(NoticeTemplates.Time(start.UtcDateTime, "nb"), StringComparison.Ordinal)).ToList();

    private async Task<List<JsonElement>> ContactsAsync(IEnumerable<string> pids) =>
        (await (await host.CreateClient().PostAsJsonAsync("/simulators/krr/persons", new { pids })).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

    private async Task<List<string>> PhonesAsync(IEnumerable<string> pids) =>
        (await ContactsAsync(pids)).Select(c => c.GetProperty("phone").GetString()!).ToList();

    /// <summary>The notice behind an SMS, as the operator sees it in the queue view.</summary>
    private Task<JsonElement> NoticeItemAsync(Sms sms) => NoticeItemAsync(Guid.Parse(sms.IdempotencyKey.Split(':')[0]));

    /// <summary>A notice by its id (an SMS's idempotency key, an e-mail's Message-ID), as the operator sees it.</summary>
    private async Task<JsonElement> NoticeItemAsync(Guid id)
    {
        var operatorClient = await Citizens.StaffAsync(host, "operator");
        var items = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/queues/notifications/items?kind=new-message&limit=200");
        return items.EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
    }

    /// <summary>The e-mails the SMTP simulator took for an address, oldest first.</summary>
    private async Task<List<JsonElement>> MailsToAsync(string? address) =>
        (await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray()
            .Where(m => m.GetProperty("to")[0].GetString() == address).ToList();
}
