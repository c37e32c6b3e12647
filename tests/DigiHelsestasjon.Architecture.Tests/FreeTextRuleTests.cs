using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>One control-character rule for every text the platform takes (issue 29): every API route that takes a string
/// or a body carries <see cref="FreeTextRule"/>, and no body field is of a shape the rule cannot look into.</summary>
public sealed class FreeTextRuleTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public void Given_the_running_host_When_its_routes_are_read_Then_every_route_that_takes_text_has_the_free_text_rule_and_no_body_field_escapes_it()
    {
        var sources = host.Services.GetServices<EndpointDataSource>().ToList();

        FreeTextRule.RoutesWithoutTheRule(sources, host.Services).Where(IsPlatformRoute).ShouldBeEmpty();
        var bodies = FreeTextRule.BodyTypes(sources, host.Services).ToList();
        bodies.ShouldContain(t => t.Name == "CancellationBody");
        bodies.SelectMany(FreeTextRule.UncheckableMembers).ToList().ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_route_outside_the_rule_and_a_body_with_a_dictionary_When_checked_Then_the_rule_names_both()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapPost("/api/v1/forgotten", (FakeBody body) => body.Text);
        app.MapGroup("").WithFreeTextRule().MapPost("/api/v1/guarded", (FakeBody body) => body.Text);
        var sources = ((IEndpointRouteBuilder)app).DataSources;

        var routes = FreeTextRule.RoutesWithoutTheRule(sources, app.Services).ToList();

        routes.ShouldHaveSingleItem().ShouldContain("/api/v1/forgotten");
        FreeTextRule.UncheckableMembers(typeof(FakeBody)).ShouldHaveSingleItem().ShouldContain("Notes");
    }

    // The simulators and the web client's login are not the platform's API (they are not in Production).
    private static bool IsPlatformRoute(string violation) =>
        violation.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) || violation.TrimStart('/').StartsWith("calendar/", StringComparison.Ordinal);

    public sealed record FakeBody(string? Text, Dictionary<string, string>? Notes);
}
