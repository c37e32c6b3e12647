using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Identity.Tests;

public abstract class CapabilitiesTests(PlatformHost host)
{
    [Fact]
    public async Task Given_a_pupil_on_Feide_When_asking_what_the_login_may_use_Then_only_messages_with_youth_services_are_open_and_the_rest_names_the_login_needed()
    {
        var anonymous = host.CreateClient();
        var pupil = host.CreateClient().WithToken(await Citizens.TokenAsync(anonymous, await Citizens.PidOfAsync(anonymous, "youth-12-15"), acr: "feide", issuer: "feide"));

        var capabilities = await pupil.GetFromJsonAsync<JsonElement>("/api/v1/me/capabilities");

        capabilities.GetProperty("login").GetString().ShouldBe("feide");
        var areas = capabilities.GetProperty("areas").EnumerateArray().ToDictionary(a => a.GetProperty("area").GetString()!);
        areas["messages"].GetProperty("usable").GetBoolean().ShouldBeTrue();
        areas["messages"].GetProperty("reach").GetString().ShouldBe("youth-services-only");
        foreach (var closed in new[] { "appointments", "booking", "vaccinations", "notices", "representation", "access-log" })
        {
            areas[closed].GetProperty("usable").GetBoolean().ShouldBeFalse(closed);
            areas[closed].GetProperty("reason").GetString().ShouldBe("insufficient-assurance", closed);
            areas[closed].GetProperty("acceptedLogins").EnumerateArray().Select(l => l.GetString()).ShouldContain("idporten-loa-high");
        }

        var subjects = capabilities.GetProperty("subjects").EnumerateArray().ToList();
        subjects.Select(s => s.GetProperty("relation").GetString()).ShouldBe(["self"]);
        subjects[0].GetProperty("areas").EnumerateArray().Select(a => a.GetString()).ShouldBe(["messages"]);
    }

    [Fact]
    public async Task Given_a_closed_area_for_Feide_When_the_pupil_calls_it_anyway_Then_the_problem_has_the_same_code_the_capabilities_gave()
    {
        var anonymous = host.CreateClient();
        var pupil = host.CreateClient().WithToken(await Citizens.TokenAsync(anonymous, await Citizens.PidOfAsync(anonymous, "youth-12-15"), acr: "feide", issuer: "feide"));
        var self = (await pupil.GetFromJsonAsync<JsonElement>("/api/v1/me/capabilities")).GetProperty("subjects")[0].GetProperty("subjectId").GetString();

        var response = await pupil.GetAsync($"/api/v1/subjects/{self}/vaccinations");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("insufficient-assurance");
    }

    [Fact]
    public async Task Given_a_guardian_of_children_of_3_14_and_16_When_asking_what_they_may_use_Then_each_child_carries_what_the_parent_sees_at_that_age_and_why()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");

        var capabilities = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me/capabilities");

        var children = capabilities.GetProperty("subjects").EnumerateArray().Where(s => s.GetProperty("relation").GetString() == "child").ToList();
        children.Select(c => (c.GetProperty("age").GetInt32(), c.GetProperty("parentView").GetString())).ShouldBe(
            [(3, "parent-sees-everything"), (14, "parent-sees-without-youths-own-health-information"), (16, "youth-manages-themself-from-16")]);
        Areas(children[0]).ShouldBe(["appointments", "booking", "vaccinations", "test-results", "messages", "access-log"]);
        Areas(children[1]).ShouldBe(["appointments", "vaccinations", "test-results"]);
        children[1].GetProperty("parentSeesYouthServiceContacts").GetBoolean().ShouldBeFalse();
        Areas(children[2]).ShouldBeEmpty();
        children[2].GetProperty("subjectId").ValueKind.ShouldBe(JsonValueKind.Null, "nothing to act on for a youth who manages it themself");
    }

    [Fact]
    public async Task Given_a_youth_of_14_When_asking_what_a_parent_sees_Then_the_answer_names_what_is_hidden_from_the_parent()
    {
        var youth = await Citizens.LoginAsync(host, "youth-12-15");

        var privacy = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me/capabilities")).GetProperty("parentSeesOfMe");

        privacy.GetProperty("parentView").GetString().ShouldBe("parent-sees-without-youths-own-health-information");
        privacy.GetProperty("parentSeesYouthServiceContacts").GetBoolean().ShouldBeFalse();
        privacy.GetProperty("parentMayNotSee").EnumerateArray().Select(a => a.GetString()).ShouldBe(["booking", "messages", "access-log"]);
        privacy.GetProperty("parentMaySee").EnumerateArray().Select(a => a.GetString()).ShouldBe(["appointments", "vaccinations", "test-results"]);
    }

    private static List<string?> Areas(JsonElement subject) => [.. subject.GetProperty("areas").EnumerateArray().Select(a => a.GetString())];
}

public sealed class CapabilitiesTests_on_Sqlite(SqliteHost host) : CapabilitiesTests(host), IClassFixture<SqliteHost>;

public sealed class ParentViewRuleTests
{
    /// <summary>The capabilities' reason code and the access rules must never tell two stories.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    public void Given_a_child_of_any_age_When_the_parent_view_is_named_Then_it_agrees_with_what_the_rules_allow(int age)
    {
        var permissions = RepresentationRules.ForParent(parentalResponsibility: true, parentProtected: false, childProtected: false, age);
        var sees = new SubjectAccessDecision(true, Guid.Empty, SubjectRelations.Child, age);

        switch (RepresentationRules.ParentViewFor(age))
        {
            case ParentViews.Everything:
                permissions.ShouldBe(RepresentationRules.ForSelf());
                sees.MaySee(new ItemProtection(false, YouthService: true)).ShouldBeTrue();
                break;
            case ParentViews.WithoutYouthsOwnHealthInformation:
                permissions.ShouldNotBeEmpty();
                permissions.ShouldNotContain(Permissions.MessagesRead);
                sees.MaySee(new ItemProtection(false, YouthService: true)).ShouldBeFalse();
                break;
            default:
                permissions.ShouldBeEmpty();
                break;
        }
    }
}
