using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Simulators.Folkeregisteret;

/// <summary>The simulator's HTTP surface (docs/simulators.md). Synthetic numbers only: this is test data.</summary>
public static class FolkeregisteretEndpoints
{
    public static IEndpointRouteBuilder MapFolkeregisteretSimulator(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/simulators/folkeregisteret").WithTags("Simulator: Folkeregisteret");
        group.MapGet("/personas", (PopulationRegister register) => register.All.Select(p => new
        {
            pid = p.Pid,
            name = p.Name,
            birthDate = p.BirthDate,
            tags = p.Tags,
            children = p.Children.Select(c => c.Pid),
        }));
        group.MapGet("/persons/{pid}", (string pid, PopulationRegister register) =>
            register.Find(pid) is { } person ? Results.Ok(person) : Results.Problem(statusCode: 404, title: "No such person in the register."));
        return endpoints;
    }
}
