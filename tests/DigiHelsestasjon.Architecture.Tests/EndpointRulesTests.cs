using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>Access checks in one place: every subject route and every municipality admin route carries its filter.</summary>
public sealed class EndpointRulesTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public void Given_the_running_host_When_its_routes_are_read_Then_every_subject_and_municipality_route_checks_access()
    {
        var sources = host.Services.GetServices<EndpointDataSource>().ToList();
        sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ShouldContain(e => e.RoutePattern.RawText!.StartsWith(AccessFilters.SubjectRoute, StringComparison.Ordinal));

        AccessFilters.RoutesWithoutAccessChecks(sources).ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_module_whose_routes_forget_the_filters_When_checked_Then_the_rule_names_each_route()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapGet("/api/v1/subjects/{subjectId:guid}/things", () => "guarded").RequireSubjectAccess("things.read", "things.list", "Vise ting");
        app.MapGet("/api/v1/subjects/{subjectId:guid}/secrets", () => "forgotten");
        var admin = app.MapGroup("/api/v1/admin/municipalities/{kommunenummer}");
        admin.MapGet("/forgotten", () => "forgotten");
        app.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").RequireMunicipalityAdmin().MapGet("/guarded", () => "guarded");

        var violations = AccessFilters.RoutesWithoutAccessChecks(((IEndpointRouteBuilder)app).DataSources).ToList();

        violations.Count.ShouldBe(2);
        violations.ShouldContain(v => v.Contains("/secrets", StringComparison.Ordinal) && v.Contains("RequireSubjectAccess", StringComparison.Ordinal));
        violations.ShouldContain(v => v.Contains("/forgotten", StringComparison.Ordinal) && v.Contains("RequireMunicipalityAdmin", StringComparison.Ordinal));
    }
}
