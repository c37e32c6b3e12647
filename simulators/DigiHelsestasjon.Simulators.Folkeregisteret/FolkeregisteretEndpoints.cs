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
        // The platform's register client (Identity:PopulationRegister:BaseUrl) asks here: the fødselsnummer in the body, not the URL.
        group.MapPost("/persons/lookup", (LookupRequest body, PopulationRegister register) =>
            register.Find(body?.Pid ?? "") is { } person ? Results.Ok(person) : Results.Problem(statusCode: 404, title: "No such person in the register."));
        group.MapPost("/births", (BirthRequest body, PopulationRegister register) =>
        {
            if (string.IsNullOrWhiteSpace(body?.MotherPid) || register.Find(body.MotherPid) is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["motherPid"] = ["A person in the register (see /personas)."] });
            }

            if (body.OtherParentPid is { } other && register.Find(other) is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["otherParentPid"] = ["A person in the register, or leave it out."] });
            }

            return Results.Ok(new { pid = register.RegisterBirth(body.MotherPid, body.OtherParentPid).Pid });
        });
        return endpoints;
    }

    public sealed record LookupRequest(string? Pid);

    /// <summary>A birth notice: the child is born today, both parents get parental responsibility.</summary>
    public sealed record BirthRequest(string? MotherPid, string? OtherParentPid);
}
