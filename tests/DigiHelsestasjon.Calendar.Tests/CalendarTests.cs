using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigiHelsestasjon.Calendar.Features.AppointmentInformation;
using DigiHelsestasjon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

public sealed class CalendarOverHttpOnSqlite(SqliteOverHttp host) : CalendarTests<SqliteOverHttp>(host);

public sealed class CalendarInProcessOnPostgres(PostgresInProcess host) : CalendarTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class CalendarOnSqlServer(SqlServerOverHttp host) : CalendarTests<SqlServerOverHttp>(host);

/// <summary>The same tests with the clock a year ahead and a year back: nothing may depend on today's date.</summary>
public sealed class CalendarWithTheClockAYearAhead(SqliteOverHttpYearAhead host) : CalendarTests<SqliteOverHttpYearAhead>(host);

public sealed class CalendarWithTheClockAYearBack(SqliteOverHttpYearBack host) : CalendarTests<SqliteOverHttpYearBack>(host);

/// <summary>End to end: booked in a simulated journal, seen and cancelled by a citizen, decided by the journal.</summary>
public abstract class CalendarTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_Visma_When_a_guardian_cancels_a_childs_appointment_Then_it_is_cancelled_at_once_and_journaled()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(5));
        var appointment = await ShowsAsync(guardian, child, type);

        var cancelled = await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Syk" });

        cancelled.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation").GetProperty("state").GetString().ShouldBeOneOf("requested", "accepted");
        await host.QuietAsync();
        var after = await OneAsync(guardian, child, appointment);
        after.GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("accepted", "Visma cancels at once");
        after.GetProperty("status").GetString().ShouldBe("cancelled", "the journal publishes the cancelled appointment");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "cancellation" && e.GetProperty("text").GetString() == "Syk");
    }

    [Fact]
    public async Task Given_a_journal_that_books_a_video_appointment_When_the_guardian_lists_appointments_Then_it_is_shown_as_video_and_a_visit_is_not()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var video = $"Samtale {Guid.NewGuid():N}"[..22];
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/appointments",
            new { pid, unitId = DemoUnits.Id("9901", 1), start = host.Time.GetUtcNow().AddDays(4), type = video, video = true })).EnsureSuccessStatusCode();
        var visit = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(5));

        (await ShowsAsync(guardian, child, video)).GetProperty("isVideo").GetBoolean().ShouldBeTrue("the journal said it is a video appointment (contract 1.2)");
        (await ShowsAsync(guardian, child, visit)).GetProperty("isVideo").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Given_InfoDoc_When_a_guardian_cancels_Then_it_stays_requested_until_the_health_service_refuses_with_a_reason()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("infodoc", pid, DemoUnits.Id("9902", 1), host.Time.GetUtcNow().AddDays(6));
        var appointment = await ShowsAsync(guardian, child, type);

        (await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Ferie" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.QuietAsync();
        var epjId = await CancellationInJournalAsync("infodoc", pid, type, "Ferie");
        (await OneAsync(guardian, child, appointment)).GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("requested");

        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/infodoc/cancellations/{epjId}/decision", new { accept = false, reason = "Timen er viktig. Ring oss." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await host.QuietAsync();
        var refused = await OneAsync(guardian, child, appointment);
        refused.GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("refused", "the refusal reaches the citizen");
        refused.GetProperty("cancellation").GetProperty("reason").GetString().ShouldBe("Timen er viktig. Ring oss.");
        refused.GetProperty("status").GetString().ShouldBe("booked");
    }

    [Fact]
    public async Task Given_a_journal_that_only_answers_cancelled_When_its_answer_comes_Then_the_citizen_sees_the_appointment_cancelled()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("infodoc", pid, DemoUnits.Id("9902", 1), host.Time.GetUtcNow().AddDays(6));
        var appointment = await ShowsAsync(guardian, child, type);
        (await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Flytter" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.QuietAsync();
        var epjId = await CancellationInJournalAsync("infodoc", pid, type, "Flytter");

        // On the national bus the answer 08 is all a journal sends: no Avtaleutsending of the cancelled appointment follows.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DigiHelsestasjon.Calendar.Persistence.CalendarDbContext>();
            var id = appointment.GetProperty("appointmentId").GetGuid();
            var stored = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id);
            await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Publish(
                new DigiHelsestasjon.EpjIntegration.Contracts.EpjCancellationDecided(stored.CancellationMessageId!.Value, epjId, stored.UnitId, true, null));
        }

        await host.QuietAsync();
        var after = await OneAsync(guardian, child, appointment);
        (after.GetProperty("status").GetString(), after.GetProperty("cancellation").GetProperty("state").GetString())
            .ShouldBe(("cancelled", "accepted"), "cancelled, so its reminders are dropped (AppointmentCancelled)");
    }

    [Fact]
    public async Task Given_a_Visma_municipality_that_wants_staff_to_decide_When_a_guardian_cancels_Then_it_stays_requested_until_accepted()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var original = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/municipalities/9901/policies"))!.AsObject();
        var approval = original.DeepClone().AsObject();
        approval["cancellationNeedsApproval"] = true;
        (await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/policies", approval)).EnsureSuccessStatusCode();
        try
        {
            var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
            var type = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(7));
            var appointment = await ShowsAsync(guardian, child, type);

            (await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Bortreist" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await host.QuietAsync();
            var epjId = await CancellationInJournalAsync("visma", pid, type, "Bortreist");
            var waiting = await OneAsync(guardian, child, appointment);
            waiting.GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("requested");
            waiting.GetProperty("status").GetString().ShouldBe("booked");

            (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/visma/cancellations/{epjId}/decision", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

            await host.QuietAsync();
            (await OneAsync(guardian, child, appointment)).GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("accepted", "the decision reaches the citizen");
        }
        finally
        {
            (await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/policies", original)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Given_CGM_and_a_24_hour_deadline_When_a_guardian_cancels_12_hours_before_Then_it_is_refused_with_a_clear_problem()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("cgm", pid, DemoUnits.Id("9903", 1), host.Time.GetUtcNow().AddHours(12));
        var appointment = await ShowsAsync(guardian, child, type);

        var response = await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Syk" });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("cancellation-deadline-passed");
        problem.GetProperty("deadlineHours").GetInt32().ShouldBe(24);
    }

    [Fact]
    public async Task Given_a_youth_of_14_When_the_parent_lists_appointments_Then_ordinary_ones_show_exempt_ones_do_not_and_access_is_logged()
    {
        var (guardian, youth, pid) = await GuardianAndChildAsync("youth-12-15");
        var ordinary = await BookAsync("visma", pid, DemoUnits.Id("9901", 3), host.Time.GetUtcNow().AddDays(4));
        var exempt = await BookAsync("visma", pid, DemoUnits.Id("9901", 3), host.Time.GetUtcNow().AddDays(4).AddHours(1), exempt: true);
        var youthClinic = await BookAsync("visma", pid, DemoUnits.Id("9901", 4), host.Time.GetUtcNow().AddDays(4).AddHours(2));
        var self = await Citizens.LoginAsync(host, "youth-12-15");
        var selfId = (await self.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        await host.QuietAsync();
        (await ListAsync(self, selfId)).Count(a => a.GetProperty("type").GetString() is var t && (t == ordinary || t == exempt || t == youthClinic)).ShouldBe(3, "the youth sees all three");

        var seenByParent = (await ListAsync(guardian, youth)).Select(a => a.GetProperty("type").GetString()).ToList();

        seenByParent.ShouldContain(ordinary);
        seenByParent.ShouldNotContain(exempt);
        seenByParent.ShouldNotContain(youthClinic);
        var log = await self.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{selfId}/access-log");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("relation").GetString() == "child" && e.GetProperty("action").GetString() == "appointments.list");
    }

    [Fact]
    public async Task Given_a_youth_of_16_When_the_parent_asks_for_the_appointments_Then_the_answer_is_404()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var olderId = (await (await Citizens.LoginAsync(host, "youth-16-17")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();

        (await guardian.GetAsync($"/api/v1/subjects/{olderId}/appointments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_two_concurrent_cancellations_When_both_arrive_Then_the_journal_gets_one_request()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("infodoc", pid, DemoUnits.Id("9902", 1), host.Time.GetUtcNow().AddDays(8));
        var appointment = await ShowsAsync(guardian, child, type);
        var other = await Citizens.LoginAsync(host, "guardian");
        var url = $"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation";

        var (first, second) = ($"En {Guid.NewGuid():N}", $"To {Guid.NewGuid():N}");
        var answers = await Task.WhenAll(guardian.PostAsJsonAsync(url, new { reason = first }), other.PostAsJsonAsync(url, new { reason = second }));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Accepted);
        await host.QuietAsync();
        (await CancellationsInJournalAsync(pid, first, second)).ShouldBe(1);
    }

    private async Task<int> CancellationsInJournalAsync(string pid, params string[] reasons)
    {
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/infodoc/journal?pid={pid}");
        return journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "cancellation" && reasons.Contains(e.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Given_appointments_attended_missed_and_cancelled_When_an_admin_reads_the_figures_Then_they_count_without_person_data()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var client = host.CreateClient();
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/figures")).GetProperty("appointments");
        var missed = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(2));
        var cancelled = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(3));
        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        var missedId = journal.GetProperty("appointments").EnumerateArray().First(a => a.GetProperty("type").GetString() == missed).GetProperty("appointmentId").GetString();
        (await client.PutAsJsonAsync($"/simulators/epj/visma/appointments/{missedId}", new { status = "noShow" })).EnsureSuccessStatusCode();
        var toCancel = await ShowsAsync(guardian, child, cancelled);
        await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{toCancel.GetProperty("appointmentId")}/cancellation", new { reason = "Syk" });
        await host.QuietAsync();
        (await OneAsync(guardian, child, toCancel)).GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("accepted");

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/figures");
        var figures = all.GetProperty("appointments");
        figures.GetProperty("noShows").GetInt32().ShouldBe(before.GetProperty("noShows").GetInt32() + 1, "the no-show is counted");

        figures.GetProperty("digitalCancellations").GetInt32().ShouldBe(before.GetProperty("digitalCancellations").GetInt32() + 1);
        figures.GetProperty("appointments").GetInt32().ShouldBeGreaterThanOrEqualTo(before.GetProperty("appointments").GetInt32() + 2);
        figures.GetProperty("medianHoursFromCancellationToStart").GetDouble().ShouldBeGreaterThan(0);
        var weeks = figures.GetProperty("perWeek").EnumerateArray().ToList();
        weeks.Sum(w => w.GetProperty("appointments").GetInt32()).ShouldBe(figures.GetProperty("appointments").GetInt32(), "the weeks add up to the whole");
        weeks.Sum(w => w.GetProperty("noShows").GetInt32()).ShouldBe(figures.GetProperty("noShows").GetInt32());
        weeks.Sum(w => w.GetProperty("digitalCancellations").GetInt32()).ShouldBe(figures.GetProperty("digitalCancellations").GetInt32());
        weeks.Select(w => w.GetProperty("week").GetString()).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        all.GetRawText().ShouldNotContain(pid);
        (await admin.GetAsync("/api/v1/admin/municipalities/9902/figures")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_calendar_feed_When_fetched_without_a_token_Then_it_is_valid_iCalendar_without_the_type_until_revoked()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var type = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(9));
        var appointment = await ShowsAsync(guardian, child, type);
        var toCancel = await ShowsAsync(guardian, child, await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(10)));

        var created = await guardian.PostAsync($"/api/v1/subjects/{child}/calendar-feed", null);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        url.AbsolutePath.ShouldNotContain(pid);

        var response = await host.CreateClient().GetAsync(url.PathAndQuery);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var ics = await response.Content.ReadAsStringAsync();
        var feed = IcsFeed.Parse(ics);
        feed.Version.ShouldBe("2.0");
        feed.ProductId.ShouldBe("-//DigiHelsestasjon//Kalender//NB");
        feed.Method.ShouldBe("PUBLISH");
        var booked = IcsFeed.Event(feed, appointment);
        booked.Summary.ShouldBe("Time på helsestasjonen");
        booked.Status.ShouldBe("CONFIRMED");
        booked.DtStart!.IsUtc.ShouldBeTrue("UTC, so every calendar shows it in its own zone");
        booked.DtStart.AsUtc.ShouldBe(IcsFeed.ToSecond(appointment.GetProperty("start").GetDateTimeOffset()));
        booked.DtEnd!.IsUtc.ShouldBeTrue();
        booked.DtEnd.AsUtc.ShouldBe(IcsFeed.ToSecond(appointment.GetProperty("end").GetDateTimeOffset()));
        booked.DtStamp.ShouldNotBeNull();
        (booked.Description, booked.Location, booked.Organizer).ShouldBe((null, null, null), "only the time and the summary");
        ics.ShouldNotContain(type[..12]);
        ics.ShouldNotContain("Fjordvik");
        var sequenceBefore = IcsFeed.Event(feed, toCancel).Sequence;

        (await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{toCancel.GetProperty("appointmentId")}/cancellation", new { reason = "Syk" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.QuietAsync();
        var afterCancel = IcsFeed.Parse(await host.CreateClient().GetStringAsync(url.PathAndQuery));
        var cancelled = IcsFeed.Event(afterCancel, toCancel);
        cancelled.Status.ShouldBe("CANCELLED", "a calendar that subscribed removes it");
        cancelled.Sequence.ShouldBeGreaterThan(sequenceBefore, "a higher SEQUENCE, so the client takes the change");
        IcsFeed.Event(afterCancel, appointment).Status.ShouldBe("CONFIRMED");

        (await guardian.DeleteAsync($"/api/v1/subjects/{child}/calendar-feed")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await host.CreateClient().GetAsync(url.PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_municipalitys_own_text_for_a_kind_of_appointment_When_a_guardian_lists_Then_it_replaces_the_national_text_until_removed()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var word = $"hpv{Guid.NewGuid():N}"[..11];
        var type = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(9), type: $"Vaksinasjon {word}");
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var national = (await ShowsAsync(guardian, child, type)).GetProperty("information").GetString();
        national.ShouldStartWith("Ved vaksinasjon");

        var set = await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/appointment-information/{word}", new { text = "I Fjordvik får jentene og guttene HPV-vaksinen på skolen." });

        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ShowsAsync(guardian, child, type)).GetProperty("information").GetString().ShouldBe("I Fjordvik får jentene og guttene HPV-vaksinen på skolen.");
        var texts = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/appointment-information");
        texts.EnumerateArray().ShouldContain(t => t.GetProperty("match").GetString() == word && t.GetProperty("source").GetString() == "9901");
        texts.EnumerateArray().ShouldContain(t => t.GetProperty("match").GetString() == "vaksin" && t.GetProperty("source").GetString() == "national");
        var otherAdmin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
        (await otherAdmin.GetAsync("/api/v1/admin/municipalities/9901/appointment-information")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var empty = await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/appointment-information/{word}", new { text = " " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("text");

        (await admin.DeleteAsync($"/api/v1/admin/municipalities/9901/appointment-information/{word}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await OneAsync(guardian, child, await ShowsAsync(guardian, child, type))).GetProperty("information").GetString().ShouldBe(national);
    }

    // Issue 32: a municipality's own text was bokmål only, so a guardian reading nynorsk got it in bokmål.
    [Fact]
    public async Task Given_a_municipalitys_own_text_in_bokmal_and_nynorsk_When_guardians_list_in_either_form_Then_each_reads_her_own_and_the_admin_sees_both()
    {
        var (guardian, child, pid) = await GuardianAndChildAsync("child-under-12");
        var word = $"nn{Guid.NewGuid():N}"[..11];
        var type = await BookAsync("visma", pid, DemoUnits.Id("9901", 1), host.Time.GetUtcNow().AddDays(9), type: $"Vaksinasjon {word}");
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));

        var set = await admin.PutAsJsonAsync(
            $"/api/v1/admin/municipalities/9901/appointment-information/{word}",
            new { text = "Ta med helsekortet til barnet.", textNynorsk = "Ta med helsekortet til barnet, og kom i god tid." });

        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ShowsAsync(guardian, child, type)).GetProperty("information").GetString().ShouldBe("Ta med helsekortet til barnet.");
        guardian.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn-NO");
        (await ShowsAsync(guardian, child, type)).GetProperty("information").GetString().ShouldBe("Ta med helsekortet til barnet, og kom i god tid.");
        var texts = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/appointment-information")).EnumerateArray().ToList();
        var own = texts.Where(t => t.GetProperty("match").GetString() == word).ShouldHaveSingleItem();
        (own.GetProperty("text").GetString(), own.GetProperty("textNynorsk").GetString()).ShouldBe(("Ta med helsekortet til barnet.", "Ta med helsekortet til barnet, og kom i god tid."));
        var fourWeeks = texts.Single(t => t.GetProperty("match").GetString() == "4 uke");
        (fourWeeks.GetProperty("kind").GetString(), fourWeeks.GetProperty("textNynorsk").GetString()).ShouldBe(("4-uker", NationalProgramme.Kinds.Single(k => k.Key == "4-uker").Text(WrittenNorwegian.Nynorsk)),
            "a national text comes in both forms, with its kind for the page to name");

        // Bokmål only again: a nynorsk reader gets the bokmål text rather than none.
        (await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/appointment-information/{word}", new { text = "Ta med helsekortet." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ShowsAsync(guardian, child, type)).GetProperty("information").GetString().ShouldBe("Ta med helsekortet.");
    }

    private async Task<(HttpClient Guardian, Guid ChildId, string ChildPid)> GuardianAndChildAsync(string childTag)
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childPid = await Citizens.PidOfAsync(host.CreateClient(), childTag);
        var childLogin = await Citizens.LoginAsync(host, childTag);
        var childId = (await childLogin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        return (guardian, childId, childPid);
    }

    /// <summary>Books in the simulator with a type unique to the test, so tests can find their own.</summary>
    private async Task<string> BookAsync(string vendor, string pid, Guid unitId, DateTimeOffset start, bool exempt = false, string? type = null)
    {
        type ??= $"Konsultasjon {Guid.NewGuid():N}"[..22];
        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/{vendor}/appointments", new { pid, unitId, start, type, exempt })).EnsureSuccessStatusCode();
        return type;
    }

    /// <summary>Once the platform is quiet, the booked appointment is in the subject's list.</summary>
    private async Task<JsonElement> ShowsAsync(HttpClient client, Guid subject, string type)
    {
        await host.QuietAsync();
        return (await ListAsync(client, subject)).Where(a => a.GetProperty("type").GetString() == type).ShouldHaveSingleItem("the appointment reaches the calendar");
    }

    /// <summary>The journal's id of the appointment, once the journal holds the cancellation with this reason.</summary>
    private async Task<string> CancellationInJournalAsync(string vendor, string pid, string type, string reason)
    {
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/{vendor}/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "cancellation" && e.GetProperty("text").GetString() == reason, $"the cancellation reaches the {vendor} journal");
        return journal.GetProperty("appointments").EnumerateArray().First(a => a.GetProperty("type").GetString() == type).GetProperty("appointmentId").GetString()!;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, Guid subject)
    {
        var response = await client.GetAsync($"/api/v1/subjects/{subject}/appointments");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }

    private static async Task<JsonElement> OneAsync(HttpClient client, Guid subject, JsonElement appointment) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subject}/appointments/{appointment.GetProperty("appointmentId")}");
}
