using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.EpjIntegration.Operations;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

/// <summary>The Visma simulator playing a journal built on contract 1.0: it ignores RequiresApproval and cancels at once.</summary>
public sealed class SqliteWithVismaOnContract10() : EpjHost(DatabaseProvider.Sqlite, "http")
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Simulators:Epj:visma:ContractVersions"] = "1.0";
            return settings;
        }
    }
}

/// <summary>Contract 1.1 added RequiresApproval; the platform knows from the declared versions which journals understand it.</summary>
public sealed class OldContractJournalTests(SqliteWithVismaOnContract10 host) : IClassFixture<SqliteWithVismaOnContract10>
{
    [Fact]
    public async Task Given_a_1_0_journal_and_a_municipality_where_staff_decide_When_a_guardian_cancels_Then_the_platform_does_not_let_the_journal_cancel_and_the_acceptance_test_fails_the_rule()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var approval = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/municipalities/9901/policies"))!.AsObject();
        approval["cancellationNeedsApproval"] = true;
        (await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/policies", approval)).EnsureSuccessStatusCode();

        var guardian = await Citizens.LoginAsync(host, "guardian");
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");
        var child = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var type = $"Konsultasjon {Guid.NewGuid():N}"[..22];
        (await client.PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid, unitId = DemoUnits.Id("9901", 1), start = host.Time.GetUtcNow().AddDays(6), type })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        var appointment = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/appointments")).EnumerateArray()
            .Single(a => a.GetProperty("type").GetString() == type);

        (await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}/cancellation", new { reason = "Bortreist" }))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.QuietAsync();

        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("appointments").EnumerateArray().Single(a => a.GetProperty("type").GetString() == type).GetProperty("status").ToString()
            .ToLowerInvariant().ShouldBe("booked", "a 1.0 journal would have cancelled at once, so the platform never sent it the request");
        var seen = await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/appointments/{appointment.GetProperty("appointmentId")}");
        seen.GetProperty("status").GetString().ShouldBe("booked");
        seen.GetProperty("cancellation").GetProperty("state").GetString().ShouldBe("refused");
        seen.GetProperty("cancellation").GetProperty("reason").GetString()!.ShouldContain("Ring helsestasjonen");

        var reports = await host.Services.GetRequiredService<EpjAcceptanceTest>().RunAsync("9901", CancellationToken.None);
        var rule = reports.ShouldNotBeNull().ShouldHaveSingleItem().Results.Single(r => r.Check == "Municipality_rule_staff_decide_cancellations_is_honoured");
        rule.Verdict.ShouldBe(ConformanceVerdict.Failed);
        rule.Message!.ShouldContain("needs 1.1");
        reports[0].Results.Single(r => r.Check == nameof(ConformanceChecks.Cancellation_requiring_approval_waits_for_staff)).Verdict.ShouldBe(ConformanceVerdict.Skipped);
    }

    [Fact]
    public async Task Given_a_journal_before_contract_1_2_When_a_youth_books_with_what_it_is_about_Then_she_is_told_it_is_not_taken_and_nothing_is_lost_unseen()
    {
        var youth = await Citizens.LoginAsync(host, "youth-15");
        var self = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var days = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/free-slot-days?unitId={DemoUnits.Id("9901", 3)}");
        var slot = days.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("slots").EnumerateArray()).First();
        slot.GetProperty("takesNote").GetBoolean().ShouldBeFalse("the page asks for no note where the journal would drop it");

        var booked = await youth.PostAsJsonAsync($"/api/v1/subjects/{self}/bookings", new { slotId = slot.GetProperty("slotId").GetString(), note = "Vondt i kneet" });

        booked.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("booking-note-not-taken");
        (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/bookings")).EnumerateArray()
            .ShouldNotContain(b => b.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset(), "nothing was sent");
    }
}
