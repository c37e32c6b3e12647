using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

public sealed class BookingPlacesOverHttpOnSqlite(SqliteOverHttp host) : BookingPlacesTests<SqliteOverHttp>(host);

/// <summary>Booking as a careful service: only the places this person belongs to, every free time of the four weeks by day,
/// and a warning where the person already has a time.</summary>
public abstract class BookingPlacesTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_a_youth_with_times_at_her_school_nurse_When_she_asks_where_she_may_book_Then_her_school_and_her_municipalitys_youth_clinic_are_offered_and_another_school_is_not()
    {
        await host.QuietAsync();
        var (youth, self) = await YouthAsync();
        var appointments = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .Select(a => (Unit: DemoUnit(a.GetProperty("unitId").GetGuid()), Start: a.GetProperty("start").GetDateTimeOffset())).ToList();
        appointments.ShouldNotBeEmpty();
        var school = appointments.Where(a => a.Unit.Type == "school-health").MaxBy(a => a.Start).Unit;
        var municipality = EpjDemoData.Municipalities.Single(m => m.Units.Contains(school));

        var places = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/booking-places")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("unitId").GetGuid(), p => p.GetProperty("reason").GetString());

        places.ShouldContainKeyAndValue(school.UnitId, "has-appointments-here", "her school now: the one of her latest appointment");
        places.ShouldContainKeyAndValue(DemoUnits.Id(municipality.Kommunenummer, 4), "youth-clinic-of-municipality");
        foreach (var other in municipality.Units.Where(u => u.Type == "school-health" && u != school))
        {
            places.ShouldNotContainKey(other.UnitId, $"{other.Name} is not her school (any more)");
        }

        places.ShouldNotContainKey(DemoUnits.Id(municipality.Kommunenummer, 1), "the health station books children under 12");
        var ownMunicipalities = appointments.Select(a => EpjDemoData.Municipalities.Single(m => m.Units.Contains(a.Unit))).ToHashSet();
        places.Keys.ShouldAllBe(id => ownMunicipalities.Any(m => m.Units.Any(u => u.UnitId == id)));
    }

    private static DemoUnit DemoUnit(Guid unitId) => EpjDemoData.Municipalities.SelectMany(m => m.Units).Single(u => u.UnitId == unitId);

    [Fact]
    public async Task Given_a_youth_at_her_school_When_she_pages_through_free_times_by_day_Then_every_free_time_of_the_four_weeks_comes_once_by_day_with_her_own_times_marked()
    {
        await host.QuietAsync();
        var (youth, self) = await YouthAsync();
        var appointments = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray().ToList();
        // Her school now: the one of her latest appointment (her primary school's is in her history).
        var school = appointments.Where(a => DemoUnit(a.GetProperty("unitId").GetGuid()).Type == "school-health")
            .MaxBy(a => a.GetProperty("start").GetDateTimeOffset()).GetProperty("unitId").GetGuid();
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

        var slots = new List<JsonElement>();
        var days = new List<DateOnly>();
        for (var page = 1; ; page++)
        {
            var response = await youth.GetAsync($"/api/v1/subjects/{self}/free-slot-days?unitId={school}&daysPerPage=3&page={page}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var day in body.GetProperty("days").EnumerateArray())
            {
                var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                days.Add(date);
                foreach (var slot in day.GetProperty("slots").EnumerateArray())
                {
                    DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slot.GetProperty("start").GetDateTimeOffset(), oslo).DateTime).ShouldBe(date);
                    slots.Add(slot);
                }
            }

            if (!body.GetProperty("more").GetBoolean())
            {
                break;
            }
        }

        var everyFreeTime = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/free-slots?unitId={school}")).EnumerateArray().Select(s => s.GetProperty("slotId").GetString()).ToList();
        everyFreeTime.Count.ShouldBeLessThan(200, "the old list's cap would hide times");
        slots.Select(s => s.GetProperty("slotId").GetString()).ShouldBe(everyFreeTime);
        days.ShouldBeInOrder();
        days.Distinct().Count().ShouldBe(days.Count);
        foreach (var slot in slots)
        {
            var (start, end) = (slot.GetProperty("start").GetDateTimeOffset(), slot.GetProperty("end").GetDateTimeOffset());
            var mine = appointments.Where(a => a.GetProperty("status").GetString() != "cancelled"
                    && a.GetProperty("start").GetDateTimeOffset() < end && a.GetProperty("end").GetDateTimeOffset() > start)
                .Select(a => a.GetProperty("appointmentId").GetGuid());
            slot.GetProperty("overlaps").EnumerateArray().Select(o => o.GetProperty("appointmentId").GetGuid()).ShouldBe(mine, ignoreOrder: true);
        }
    }

    private async Task<(HttpClient Youth, Guid Self)> YouthAsync()
    {
        var youth = await Citizens.LoginAsync(host, "youth-12-15");
        return (youth, (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid());
    }
}
