using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.AppointmentInformation;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

public sealed class BasisServicesOverHttpOnSqlite(SqliteOverHttp host) : BasisServicesTests<SqliteOverHttp>(host);

public sealed class BasisServicesInProcessOnPostgres(PostgresInProcess host) : BasisServicesTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class BasisServicesOnSqlServer(SqlServerOverHttp host) : BasisServicesTests<SqlServerOverHttp>(host);

/// <summary>Pregnancy care and the newborn (the seeds' "basis-tjenester"), end to end with the Visma simulator.</summary>
public abstract class BasisServicesTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_a_pregnant_woman_When_she_uses_the_platform_Then_she_sees_her_check_ups_with_the_midwife_cancels_one_and_writes_and_her_partner_sees_nothing_until_she_grants_a_power_of_attorney()
    {
        await host.QuietAsync();
        var mother = await Citizens.LoginAsync(host, "pregnant");
        var me = await mother.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var self = me.GetProperty("personId").GetGuid();
        var checkUps = (await mother.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .Where(a => a.GetProperty("type").GetString()!.StartsWith("Svangerskapskontroll", StringComparison.Ordinal)).ToList();
        checkUps.Count.ShouldBe(2);
        checkUps.ShouldAllBe(a => a.GetProperty("practitionerRole").GetString() == "jordmor");
        checkUps[0].GetProperty("information").GetString()!.ShouldContain("helsekortet for gravide");
        var nynorsk = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/subjects/{self}/appointments/{checkUps[0].GetProperty("appointmentId")}");
        nynorsk.Headers.AcceptLanguage.ParseAdd("nn-NO");
        var inNynorsk = await (await mother.SendAsync(nynorsk)).Content.ReadFromJsonAsync<JsonElement>();
        inNynorsk.GetProperty("information").GetString()!.ShouldContain("lyttar på hjartelyden");

        var partner = await Citizens.LoginAsync(host, "partner-of-pregnant");
        (await partner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray().ShouldHaveSingleItem("only herself: no relation to the pregnancy");
        (await partner.GetAsync($"/api/v1/subjects/{self}/appointments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var later = checkUps.OrderBy(a => a.GetProperty("start").GetDateTimeOffset()).Last();
        (await mother.PostAsJsonAsync($"/api/v1/subjects/{self}/appointments/{later.GetProperty("appointmentId")}/cancellation", new { reason = "Jeg er på reise." }))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var write = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{self}/threads")
        {
            Content = JsonContent.Create(new { unitId = DemoUnits.Id("9901", 1), subject = "Til jordmor", body = "Kan vi ta neste kontroll uka etter?" }),
        };
        write.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await mother.SendAsync(write)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await host.QuietAsync();
        (await mother.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments/{later.GetProperty("appointmentId")}")).GetProperty("status").GetString().ShouldBe("cancelled");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={await Citizens.PidOfAsync(host.CreateClient(), "pregnant")}");
        journal.GetProperty("entries").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "message" && e.GetProperty("text").GetString()!.Contains("neste kontroll", StringComparison.Ordinal));

        var partnerPid = await Citizens.PidOfAsync(host.CreateClient(), "partner-of-pregnant");
        (await mother.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = partnerPid, scopes = new[] { "appointments.read" } })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var granted = (await partner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray().Single(r => r.GetProperty("relation").GetString() == "fullmakt");
        granted.GetProperty("subjectId").GetGuid().ShouldBe(self);
        (await partner.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .Count(a => a.GetProperty("type").GetString()!.StartsWith("Svangerskapskontroll", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task Given_a_newborn_registered_while_the_parent_is_logged_in_When_the_parent_refreshes_Then_the_child_appears_with_the_home_visit_and_the_6_week_consultation_and_no_address()
    {
        await host.QuietAsync();
        var client = host.CreateClient();
        var motherPid = await Citizens.PidOfAsync(client, "mother-of-unregistered-newborn");
        var mother = await Citizens.LoginAsync(host, "mother-of-unregistered-newborn");
        var me = await mother.GetFromJsonAsync<JsonElement>("/api/v1/me");
        me.GetProperty("representations").GetArrayLength().ShouldBe(1, "no child in the register yet");
        var self = me.GetProperty("personId").GetGuid();
        (await mother.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .Select(a => a.GetProperty("type").GetString()).ShouldContain("Hjemmebesøk etter fødsel", "until the child has a number, the journal's items for it are the mother's");

        var born = await client.PostAsJsonAsync("/simulators/folkeregisteret/births", new { motherPid, otherParentPid = await Citizens.PidOfAsync(client, "other-parent-of-unregistered-newborn") });
        born.StatusCode.ShouldBe(HttpStatusCode.OK);
        var childPid = (await born.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pid").GetString()!;
        (await client.PostAsJsonAsync("/simulators/epj/visma/newborns", new { motherPid, childPid })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.QuietAsync();

        var refreshed = await mother.GetFromJsonAsync<JsonElement>("/api/v1/me?refresh=true");
        var child = refreshed.GetProperty("representations").EnumerateArray().Single(r => r.GetProperty("relation").GetString() == "child");
        child.GetProperty("age").GetInt32().ShouldBe(0);
        var childItems = (await mother.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child.GetProperty("subjectId")}/appointments")).EnumerateArray().ToList();
        childItems.Select(a => a.GetProperty("type").GetString()).ShouldBe(["Hjemmebesøk etter fødsel", "6 ukers konsultasjon"], ignoreOrder: true);
        var visit = childItems.Single(a => a.GetProperty("type").GetString() == "Hjemmebesøk etter fødsel");
        visit.GetProperty("location").GetString().ShouldBeEmpty("a home visit shows neither the family's address nor the unit's location");
        visit.GetProperty("information").GetString()!.ShouldContain("besøker dere hjemme");
        var address = (await client.GetFromJsonAsync<JsonElement>($"/simulators/folkeregisteret/persons/{motherPid}")).GetProperty("address").GetString()!;
        (await mother.GetStringAsync($"/api/v1/subjects/{child.GetProperty("subjectId")}/appointments")).ShouldNotContain(address);
        childItems.Single(a => a.GetProperty("type").GetString() == "6 ukers konsultasjon").GetProperty("information").GetString()!.ShouldContain("rotavirusvaksine");
        (await mother.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/appointments")).EnumerateArray()
            .Select(a => a.GetProperty("type").GetString()).ShouldNotContain("Hjemmebesøk etter fødsel", "nothing is shown twice: the items moved to the child");
    }

    [Fact]
    public async Task Given_a_parent_of_a_newborn_registered_a_few_days_ago_When_they_log_in_Then_the_child_is_there_with_its_programme()
    {
        await host.QuietAsync();
        var parent = await Citizens.LoginAsync(host, "parent-of-newborn");
        var child = (await parent.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray().Single(r => r.GetProperty("relation").GetString() == "child");
        var items = (await parent.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child.GetProperty("subjectId")}/appointments")).EnumerateArray().ToList();
        items.Select(a => a.GetProperty("type").GetString()).ShouldBe(["Hjemmebesøk etter fødsel", "6 ukers konsultasjon"], ignoreOrder: true);
        items.Single(a => a.GetProperty("type").GetString() == "Hjemmebesøk etter fødsel").GetProperty("practitionerRole").GetString().ShouldBe("jordmor");
    }
}

/// <summary>The national programme as data: every kind has both written forms, and each age finds its own text.</summary>
public sealed class NationalProgrammeTests
{
    [Fact]
    public void Given_the_national_programme_When_each_kind_is_read_Then_it_has_a_text_in_bokmal_and_in_nynorsk_and_they_differ()
    {
        string[] expected = ["svangerskapskontroll", "hjemmebesok", "4-uker", "6-uker", "3-maneder", "4-maneder", "5-maneder", "6-maneder", "8-maneder", "10-maneder",
            "1-ar", "15-maneder", "17-18-maneder", "2-ar", "4-ar", "skolestart"];
        NationalProgramme.Kinds.Select(k => k.Key).ShouldBe(expected);
        foreach (var kind in NationalProgramme.Kinds.Concat(NationalProgramme.General))
        {
            kind.Text(WrittenNorwegian.Bokmal).ShouldNotBeNullOrWhiteSpace(kind.Key);
            kind.Text(WrittenNorwegian.Nynorsk).ShouldNotBeNullOrWhiteSpace(kind.Key);
            kind.Text(WrittenNorwegian.Nynorsk).ShouldNotBe(kind.Text(WrittenNorwegian.Bokmal), $"{kind.Key} has no nynorsk text of its own");
            (kind.VaccinesBokmal is null).ShouldBe(kind.VaccinesNynorsk is null, kind.Key);
        }
    }

    [Theory]
    [InlineData("8 måneders konsultasjon", "8-maneder")]
    [InlineData("Konsultasjon 18 måneder", "17-18-maneder")]
    [InlineData("1 års kontroll", "1-ar")]
    [InlineData("Helsesamtale 11 år", "samtale")]
    [InlineData("Hjemmebesøk etter fødsel", "hjemmebesok")]
    [InlineData("Konsultasjon 15 måneder", "15-maneder")]
    public void Given_an_EPJ_appointment_type_When_its_kind_is_looked_up_Then_the_longest_phrase_not_inside_a_larger_number_wins(string type, string key)
    {
        var kinds = NationalProgramme.Kinds.Concat(NationalProgramme.General)
            .SelectMany(k => k.Matches.Select(m => (Kind: k, Match: m)))
            .OrderByDescending(x => x.Match.Length)
            .First(x => NationalProgramme.Contains(type, x.Match));

        kinds.Kind.Key.ShouldBe(key);
    }
}
