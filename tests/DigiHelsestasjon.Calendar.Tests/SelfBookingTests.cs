using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.SelfBooking;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

public sealed class SelfBookingOverHttpOnSqlite(SqliteOverHttp host) : SelfBookingTests<SqliteOverHttp>(host);

public sealed class SelfBookingInProcessOnPostgres(PostgresInProcess host) : SelfBookingTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class SelfBookingOnSqlServer(SqlServerOverHttp host) : SelfBookingTests<SqlServerOverHttp>(host);

/// <summary>End to end with each simulated journal: a youth books a free time at the school nurse, a guardian at the health
/// station; booked only when the journal confirms.</summary>
public abstract class SelfBookingTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    private const string SchoolNurse = "Samtale med helsesykepleier";

    [Fact]
    public async Task Given_Visma_When_a_15_year_old_books_a_free_time_at_the_school_nurse_Then_it_is_confirmed_and_shown_among_her_appointments()
    {
        var (youth, self) = await FifteenAsync();
        var slots = await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3));
        slots.ShouldNotBeEmpty();
        slots.ShouldAllBe(s => s.GetProperty("kind").GetString() == SchoolNurse && s.GetProperty("unitId").GetGuid() == DemoUnits.Id("9901", 3));

        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slots[0].GetProperty("slotId").GetString() });

        booked.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var booking = await booked.Content.ReadFromJsonAsync<JsonElement>();
        booking.GetProperty("state").GetString().ShouldBe("confirmed", "Visma books at once");
        await host.QuietAsync();
        var start = slots[0].GetProperty("start").GetDateTimeOffset();
        var appointments = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments");
        var appointment = appointments.EnumerateArray().Single(a => a.GetProperty("start").GetDateTimeOffset() == start && a.GetProperty("type").GetString() == SchoolNurse);
        var followed = await youth.GetFromJsonAsync<JsonElement>(booked.Headers.Location!.ToString());
        followed.GetProperty("appointmentId").GetGuid().ShouldBe(appointment.GetProperty("appointmentId").GetGuid());
        (await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3))).ShouldNotContain(s => s.GetProperty("slotId").GetString() == slots[0].GetProperty("slotId").GetString(), "the time is no longer free");
        var guardian = await Citizens.LoginAsync(host, "guardian-of-youth-15");
        (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .ShouldNotContain(a => a.GetProperty("start").GetDateTimeOffset() == start, "a time the youth booked with the school nurse is hers alone");
        (await guardian.GetAsync($"/api/v1/subjects/{self}/appointments/{appointment.GetProperty("appointmentId")}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_InfoDoc_When_a_15_year_old_books_Then_it_is_requested_until_the_health_service_approves_and_then_confirmed()
    {
        var (youth, self) = await FifteenAsync();
        var slot = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9902", 3)))[1];

        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString() });

        booked.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("requested");
        await host.QuietAsync();
        var waiting = await youth.GetFromJsonAsync<JsonElement>(booked.Headers.Location!.ToString());
        waiting.GetProperty("state").GetString().ShouldBe("requested", "InfoDoc holds it for the health service");
        var start = slot.GetProperty("start").GetDateTimeOffset();
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .ShouldNotContain(a => a.GetProperty("start").GetDateTimeOffset() == start && a.GetProperty("unitId").GetGuid() == DemoUnits.Id("9902", 3), "not booked before the journal confirms");

        var held = (await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/epj/infodoc/reservations")).EnumerateArray()
            .Single(r => r.GetProperty("start").GetDateTimeOffset() == start && r.GetProperty("unitId").GetGuid() == DemoUnits.Id("9902", 3));
        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/infodoc/reservations/{held.GetProperty("slotId").GetString()}/decision", new { accept = true }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await host.QuietAsync();
        var confirmed = await youth.GetFromJsonAsync<JsonElement>(booked.Headers.Location!.ToString());
        confirmed.GetProperty("state").GetString().ShouldBe("confirmed");
        confirmed.GetProperty("appointmentId").ValueKind.ShouldBe(JsonValueKind.String, "the journal published the appointment");
    }

    [Fact]
    public async Task Given_InfoDoc_When_the_health_service_refuses_a_requested_time_Then_the_booking_is_refused_with_their_reason_and_nothing_is_booked()
    {
        var (youth, self) = await FifteenAsync();
        var slot = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9902", 3)))[2];
        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString() });
        (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("requested");
        await host.QuietAsync();
        var start = slot.GetProperty("start").GetDateTimeOffset();
        var held = (await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/epj/infodoc/reservations")).EnumerateArray()
            .Single(r => r.GetProperty("start").GetDateTimeOffset() == start && r.GetProperty("unitId").GetGuid() == DemoUnits.Id("9902", 3));

        (await host.CreateClient().PostAsJsonAsync($"/simulators/epj/infodoc/reservations/{held.GetProperty("slotId").GetString()}/decision", new { accept = false, reason = "Helsesykepleier er på kurs den dagen." }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await host.QuietAsync();

        var refused = await youth.GetFromJsonAsync<JsonElement>(booked.Headers.Location!.ToString());
        refused.GetProperty("state").GetString().ShouldBe("refused");
        refused.GetProperty("reason").GetString().ShouldBe("Helsesykepleier er på kurs den dagen.", "the youth hears why, in the health service's words");
        refused.GetProperty("appointmentId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .ShouldNotContain(a => a.GetProperty("start").GetDateTimeOffset() == start && a.GetProperty("unitId").GetGuid() == DemoUnits.Id("9902", 3));
    }

    [Fact]
    public async Task Given_young_people_of_24_and_25_When_they_look_for_free_times_at_the_youth_clinic_Then_24_may_book_and_25_is_told_it_is_not_for_them()
    {
        var register = host.Services.GetRequiredService<PopulationRegister>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(host.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).DateTime);
        async Task<HttpResponseMessage> FreeSlotsAtAge(int years, int daysBeforeBirthday)
        {
            // Born so that the birthday is daysBeforeBirthday days away: the age is exactly "years" today.
            var born = today.AddYears(-years - 1).AddDays(daysBeforeBirthday);
            var person = register.Put(new RegisterPerson(register.NewPid(born), "Ung Voksen", born, "Elvegata 2", false, [], [], []));
            var client = host.CreateClient().WithToken(await Citizens.TokenAsync(host.CreateClient(), person.Pid));
            var self = (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
            return await client.GetAsync($"/api/v1/subjects/{self}/free-slots?unitId={DemoUnits.Id("9902", 4)}");
        }

        (await FreeSlotsAtAge(24, daysBeforeBirthday: 1)).StatusCode.ShouldBe(HttpStatusCode.OK, "the day before turning 25, the youth clinic is still hers");
        var at25 = await FreeSlotsAtAge(25, daysBeforeBirthday: 364);
        at25.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await at25.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not-bookable");
    }

    [Fact]
    public async Task Given_a_time_taken_between_listing_and_reserving_When_the_youth_reserves_it_Then_the_answer_is_a_conflict_with_fresh_free_times()
    {
        var (youth, self) = await YouthAsync();
        var youthPid = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");
        var slot = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3)))[2];
        var someoneElse = await Citizens.PidOfAsync(host.CreateClient(), "stranger");
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid = someoneElse, unitId = DemoUnits.Id("9901", 3), start = slot.GetProperty("start").GetDateTimeOffset(), type = SchoolNurse }))
            .EnsureSuccessStatusCode();

        var refused = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString() });

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("slot-taken");
        var fresh = problem.GetProperty("freeSlots").EnumerateArray().ToList();
        fresh.ShouldNotBeEmpty("the youth can pick again at once");
        fresh.ShouldNotContain(s => s.GetProperty("slotId").GetString() == slot.GetProperty("slotId").GetString());
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={youthPid}");
        journal.GetProperty("appointments").EnumerateArray().ShouldNotContain(a => a.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset(), "nothing was booked twice");
    }

    [Fact]
    public async Task Given_CGM_When_a_youth_lists_free_times_Then_none_starts_within_48_hours_and_a_booking_is_confirmed()
    {
        var (youth, self) = await YouthAsync();
        var slots = await FreeSlotsAsync(youth, self, DemoUnits.Id("9903", 3));

        slots.ShouldNotBeEmpty();
        slots.ShouldAllBe(s => s.GetProperty("start").GetDateTimeOffset() >= host.Time.GetUtcNow().AddHours(48));
        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slots[0].GetProperty("slotId").GetString() });
        booked.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.QuietAsync();
        (await youth.GetFromJsonAsync<JsonElement>(booked.Headers.Location!.ToString())).GetProperty("state").GetString().ShouldBe("confirmed", "CGM's receipt and outcome come later, then it is confirmed");
    }

    [Fact]
    public async Task Given_a_guardian_When_booking_Then_a_child_under_12_books_at_the_health_station_but_not_a_youth_at_school_and_the_parent_of_a_16_year_old_gets_404()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var me = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var child = Subject(me, 3);
        var youth = Subject(me, 14);

        var slots = await FreeSlotsAsync(guardian, child, DemoUnits.Id("9901", 1));
        slots.ShouldAllBe(s => s.GetProperty("kind").GetString() == "Konsultasjon hos helsesykepleier");
        var booked = await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/bookings", new { slotId = slots[0].GetProperty("slotId").GetString() });
        booked.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("confirmed");

        var forYouth = await guardian.GetAsync($"/api/v1/subjects/{youth}/free-slots?unitId={DemoUnits.Id("9901", 3)}");
        forYouth.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a parent may not book for a 12-15-year-old (the youth books their own)");

        var olderLogin = await Citizens.LoginAsync(host, "youth-16-17");
        var older = (await olderLogin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        (await guardian.GetAsync($"/api/v1/subjects/{older}/free-slots")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await guardian.GetAsync($"/api/v1/subjects/{child}/free-slots?unitId={DemoUnits.Id("9901", 3)}")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "a child under 12 is booked at the health station");
    }

    [Fact]
    public async Task Given_a_confirmed_time_When_the_youth_moves_it_Then_the_new_one_is_booked_first_and_only_then_the_old_one_cancelled()
    {
        var (youth, self) = await YouthAsync();
        var slots = await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3));
        var first = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slots[3].GetProperty("slotId").GetString() });
        await host.QuietAsync();
        var oldId = (await youth.GetFromJsonAsync<JsonElement>(first.Headers.Location!.ToString())).GetProperty("appointmentId").GetGuid();

        var moved = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slots[4].GetProperty("slotId").GetString(), replacesAppointmentId = oldId });

        moved.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("confirmed");
        await host.QuietAsync();
        var appointments = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray().ToList();
        appointments.Single(a => a.GetProperty("appointmentId").GetGuid() == oldId).GetProperty("status").GetString().ShouldBe("cancelled", "Visma cancels the old time once the new one is booked");
        appointments.ShouldContain(a => a.GetProperty("start").GetDateTimeOffset() == slots[4].GetProperty("start").GetDateTimeOffset() && a.GetProperty("status").GetString() == "booked");
        // The old card can say "moved to" the new time rather than only "cancelled"; the new one was not moved.
        appointments.Single(a => a.GetProperty("appointmentId").GetGuid() == oldId).GetProperty("movedTo").GetDateTimeOffset().ShouldBe(slots[4].GetProperty("start").GetDateTimeOffset());
        appointments.Where(a => a.GetProperty("appointmentId").GetGuid() != oldId).ShouldAllBe(a => a.GetProperty("movedTo").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Given_two_taps_on_the_same_free_time_at_once_When_both_reach_the_journal_Then_it_is_booked_once_and_any_loser_hears_it_was_taken()
    {
        var (youth, self) = await YouthAsync();
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");
        var slot = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9903", 4)))[0];
        var body = new { slotId = slot.GetProperty("slotId").GetString() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", body)));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Accepted || a.StatusCode == HttpStatusCode.Conflict);
        answers.ShouldContain(a => a.StatusCode == HttpStatusCode.Accepted);
        foreach (var lost in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            (await lost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("slot-taken");
        }

        await host.QuietAsync();
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/cgm/journal?pid={pid}");
        journal.GetProperty("appointments").EnumerateArray().Count(a => a.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset()).ShouldBe(1, "one appointment, however many taps");
        var bookings = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/bookings")).EnumerateArray()
            .Where(b => b.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset() && b.GetProperty("unitId").GetGuid() == DemoUnits.Id("9903", 4))
            .ToList();
        bookings.Count(b => b.GetProperty("state").GetString() == "confirmed").ShouldBe(1);
        bookings.ShouldAllBe(b => b.GetProperty("state").GetString() != "requested", "every tap has its answer");
    }

    [Fact]
    public async Task Given_a_time_at_another_place_or_inside_the_deadline_When_the_youth_moves_it_Then_it_is_refused_and_the_old_time_stays()
    {
        var (youth, self) = await YouthAsync();
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");
        var soon = host.Time.GetUtcNow().AddHours(12);
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/cgm/appointments", new { pid, unitId = DemoUnits.Id("9903", 3), start = soon, type = "Samtale om skolen" })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        var old = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray().Single(a => a.GetProperty("type").GetString() == "Samtale om skolen");
        var oldId = old.GetProperty("appointmentId").GetGuid();

        var elsewhere = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3)))[5].GetProperty("slotId").GetString(), replacesAppointmentId = oldId });
        var tooLate = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9903", 3)))[1].GetProperty("slotId").GetString(), replacesAppointmentId = oldId });

        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await elsewhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not-replaceable");
        tooLate.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "CGM's municipality takes digital cancellations until 24 hours before: moving cancels too");
        (await tooLate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("cancellation-deadline-passed");
        await host.QuietAsync();
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments/{oldId}")).GetProperty("status").GetString().ShouldBe("booked");
    }

    [Fact]
    public async Task Given_an_adult_or_a_youth_holding_three_times_at_a_unit_When_booking_there_Then_the_adult_is_refused_and_the_youth_is_asked_to_cancel_one_first()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var guardianSelf = (await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        (await guardian.GetAsync($"/api/v1/subjects/{guardianSelf}/free-slots?unitId={DemoUnits.Id("9902", 4)}")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "the youth clinic's times are for young people");

        var (youth, self) = await YouthAsync();
        var slots = await FreeSlotsAsync(youth, self, DemoUnits.Id("9902", 4));
        foreach (var slot in slots.Take(3))
        {
            (await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString() })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var fourth = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slots[3].GetProperty("slotId").GetString() });

        fourth.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await fourth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too-many-bookings");
    }

    [Fact]
    public async Task Given_a_municipality_admin_When_she_closes_a_unit_to_self_booking_Then_it_offers_no_times_until_opened_again()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var unit = DemoUnits.Id("9901", 2);
        var units = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/self-booking");
        units.EnumerateArray().Single(u => u.GetProperty("unitId").GetGuid() == unit).GetProperty("kinds").EnumerateArray().Select(k => k.GetString()).ShouldBe([SchoolNurse]);
        var (youth, self) = await YouthAsync();
        var listedBefore = await FreeSlotsAsync(youth, self, unit);
        listedBefore.ShouldNotBeEmpty();

        (await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{unit}", new { kinds = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            (await FreeSlotsAsync(youth, self, unit)).ShouldBeEmpty("closed to self-booking");
            var stale = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = listedBefore[^1].GetProperty("slotId").GetString() });
            stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "a time listed before the unit closed is not bookable, and nobody took it");
            (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not-bookable");
            var bad = await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{unit}", new { kinds = new[] { " " } });
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["kinds"]);
            var other = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
            (await other.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{unit}", new { kinds = new[] { SchoolNurse } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{DemoUnits.Id("9902", 2)}", new { kinds = new[] { SchoolNurse } })).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another municipality's unit");
        }
        finally
        {
            (await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{unit}", new { kinds = new[] { SchoolNurse } })).EnsureSuccessStatusCode();
        }

        (await FreeSlotsAsync(youth, self, unit)).ShouldNotBeEmpty("opened again");
    }

    [Fact]
    public async Task Given_a_booking_whose_request_stopped_before_it_reached_the_journal_When_its_resume_time_passes_Then_it_is_booked_without_anyone_asking_again()
    {
        var (youth, self) = await FifteenAsync();
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-15");
        var slot = (await FreeSlotsAsync(youth, self, DemoUnits.Id("9901", 3)))[6];
        Guid bookingId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Step 1 of the request, saved; then the process stops before the reservation is sent.
            var access = new SubjectAccessDecision(true, self, SubjectRelations.Self, 15);
            bookingId = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PrepareBooking(access, self, slot.GetProperty("slotId").GetString(), null));
        }

        await host.QuietAsync();
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/bookings/{bookingId}")).GetProperty("state").GetString()
            .ShouldBe("requested", "a live request may still be on its way: nothing is taken up before its time");

        var resume = host.Services.GetRequiredService<WorkQueues>().Find(BookingResumeQueue.QueueName)!;
        (await resume.BacklogAsync(CancellationToken.None)).ShouldBe(new WorkQueueBacklog(BookingResumeQueue.QueueName, Due: 0, InFlight: 0, Scheduled: 1, DeadLettered: 0));
        (await resume.ListAsync(new WorkItemFilter(), CancellationToken.None)).Single().Id.ShouldBe(bookingId, "the operator sees it wait");

        host.Time.Advance(BookingResumeQueue.ResumeAfter + TimeSpan.FromSeconds(1));
        (await resume.BacklogAsync(CancellationToken.None)).Due.ShouldBe(1);
        await host.QuietAsync();
        (await resume.BacklogAsync(CancellationToken.None)).ShouldBe(new WorkQueueBacklog(BookingResumeQueue.QueueName, 0, 0, 0, 0), "nothing waits once it is taken up");

        var resumed = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/bookings/{bookingId}");
        resumed.GetProperty("state").GetString().ShouldBe("confirmed");
        resumed.GetProperty("appointmentId").ValueKind.ShouldBe(JsonValueKind.String, "the journal published the appointment");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("appointments").EnumerateArray().Count(a => a.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset()).ShouldBe(1);
    }

    [Fact]
    public async Task Given_one_reservation_sent_twice_at_once_When_both_reach_the_platform_Then_both_hear_the_journals_answer_and_it_is_booked_once()
    {
        // A double tap: the second tap finds the booking the first one saved and sends its reservation (the same message id)
        // while the first is still on its way. Before, the second could lose the race to save the delivery item and answer 500.
        // Someone of her own, so the times booked here meet no other test's (the journal's list is per person).
        var register = host.Services.GetRequiredService<PopulationRegister>();
        var born = DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime).AddYears(-17).AddDays(-40);
        var pid = register.Put(new RegisterPerson(register.NewPid(born), "Ung Dobbelttrykk", born, "Elvegata 4", false, [], [], [])).Pid;
        ((DigiHelsestasjon.Simulators.Epj.SimulatedJournal)host.Services.GetRequiredKeyedService<DigiHelsestasjon.Epj.Sdk.IEpjConnector>("visma")).RegisterPatients([pid]);
        var youth = host.CreateClient().WithToken(await Citizens.TokenAsync(host.CreateClient(), pid));
        var self = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var unit = DemoUnits.Id("9901", 4);
        var slots = (await FreeSlotsAsync(youth, self, unit)).Take(6).ToList();
        foreach (var slot in slots)
        {
            var reservation = new ReserveEpjSlot(Guid.NewGuid(), unit, self, slot.GetProperty("slotId").GetString()!.Split('.', 3)[2], SubjectRelations.Self);
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(reservation);
            }));

            answers.ShouldAllBe(a => a.State == EpjItemStates.Journaled && !a.SlotTaken, "both taps hear the journal booked it");
            answers.Select(a => a.EpjAppointmentId).Distinct().ShouldHaveSingleItem();
        }

        await host.QuietAsync();
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        foreach (var slot in slots)
        {
            journal.GetProperty("appointments").EnumerateArray().Count(a => a.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset()).ShouldBe(1, "one appointment, however often it was sent");
        }
    }

    [Fact]
    public async Task Given_a_youth_who_writes_what_it_is_about_When_she_books_Then_the_journal_keeps_her_words_with_the_booking()
    {
        var (youth, self) = await FifteenAsync();
        var unit = DemoUnits.Id("9901", 3);
        var days = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/free-slot-days?unitId={unit}");
        var slot = days.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("slots").EnumerateArray()).Last();
        slot.GetProperty("takesNote").GetBoolean().ShouldBeTrue("Visma's simulator speaks contract 1.2");
        EpjSelfServiceKinds.MaxBookingNoteLength.ShouldBe(Epj.Sdk.EpjContract.MaxBookingNoteLength);

        var tooLong = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString(), note = new string('a', 501) });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["note"]);
        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString(), note = "  Vil snakke om søvn og stress før eksamen.  " });

        var booking = JsonSerializer.Deserialize<JsonElement>(await booked.Content.ReadAsStringAsync());
        booked.StatusCode.ShouldBe(HttpStatusCode.Accepted, booking.ToString());
        booking.GetProperty("state").GetString().ShouldBe("confirmed");
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-15");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "reservation" && e.GetProperty("text").GetString() == slot.GetProperty("slotId").GetString()!.Split('.', 3)[2])
            .ShouldHaveSingleItem().GetProperty("note").GetString().ShouldBe("Vil snakke om søvn og stress før eksamen.");
        await using var scope = host.Services.CreateAsyncScope();
        var bookingId = booking.GetProperty("bookingId").GetGuid();
        (await scope.ServiceProvider.GetRequiredService<DigiHelsestasjon.Calendar.Persistence.CalendarDbContext>().Bookings.SingleAsync(b => b.Id == bookingId)).Note
            .ShouldBeNull("once the journal holds her words, the platform keeps them no longer");
    }

    [Fact]
    public async Task Given_bad_input_When_booking_Then_the_problem_names_what_was_wrong()
    {
        var (youth, self) = await YouthAsync();

        var noSlot = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = "nonsense" });
        noSlot.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noSlot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["slotId"]);

        var backwards = await youth.GetAsync($"/api/v1/subjects/{self}/free-slots?from=2030-01-10T00:00:00Z&to=2030-01-01T00:00:00Z");
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["to"]);

        var farFuture = await youth.GetAsync($"/api/v1/subjects/{self}/free-slots?from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z");
        farFuture.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await farFuture.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["from"]);
        var farSlot = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = $"{DemoUnits.Id("9901", 3):N}.{DateTimeOffset.MaxValue.AddDays(-1).ToUnixTimeSeconds()}.x" });
        farSlot.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a start beyond 2100 is not a slot the journal offered");
    }

    private Task<(HttpClient Youth, Guid Self)> YouthAsync() => LoginAsync("youth-12-15");

    private Task<(HttpClient Youth, Guid Self)> FifteenAsync() => LoginAsync("youth-15");

    private async Task<(HttpClient Youth, Guid Self)> LoginAsync(string persona)
    {
        var youth = await Citizens.LoginAsync(host, persona);
        return (youth, (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid());
    }

    private static Guid Subject(JsonElement me, int age) =>
        me.GetProperty("representations").EnumerateArray().Single(r => r.GetProperty("age").GetInt32() == age).GetProperty("subjectId").GetGuid();

    private static async Task<List<JsonElement>> FreeSlotsAsync(HttpClient client, Guid subject, Guid unitId)
    {
        var response = await client.GetAsync($"/api/v1/subjects/{subject}/free-slots?unitId={unitId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }
}
