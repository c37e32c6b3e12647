using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The demo (host/DigiHelsestasjon.Host.Demo) is in a Development host and nowhere in a Production one.</summary>
public sealed class DemoHostTests
{
    [Fact]
    public async Task Given_Production_with_the_settings_it_requires_When_the_host_starts_Then_it_has_no_simulator_route_and_no_demo_data()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database, HostIn.RealIssuer);
        var client = factory.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        SimulatorRoutes(factory).ShouldBeEmpty();
        (await client.GetAsync("/simulators/idporten/.well-known/openid-configuration")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await MunicipalitiesAsync(client)).ShouldBeEmpty();
        factory.Services.GetService<Simulators.Folkeregisteret.PopulationRegister>().ShouldBeNull();
    }

    [Fact]
    public async Task Given_Development_with_nothing_set_When_the_host_starts_Then_the_simulators_answer_and_the_demo_municipalities_are_there()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Development", database);
        var client = factory.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        SimulatorRoutes(factory).ShouldNotBeEmpty();
        (await client.GetAsync("/simulators/idporten/.well-known/openid-configuration")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MunicipalitiesAsync(client)).Count.ShouldBe(Simulators.Epj.EpjDemoData.Municipalities.Count);
    }

    private static List<string> SimulatorRoutes(WebApplicationFactory<Program> factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(route => route.StartsWith("/simulators", StringComparison.Ordinal) || route.StartsWith("simulators", StringComparison.Ordinal))];

    private static async Task<List<JsonElement>> MunicipalitiesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/municipalities")).EnumerateArray()];
}
