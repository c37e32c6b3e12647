using System.Text.Json;
using System.Text.Json.Nodes;
using DigiHelsestasjon.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Figures;

/// <summary>One module's benefit figures for a municipality: counts, shares and durations, never person data.
/// Each module that has figures registers one; the admin's figures answer holds every enabled module's section.</summary>
public interface IMunicipalityFigures
{
    /// <summary>The section's name in the answer, for example "appointments" or "messages".</summary>
    string Section { get; }

    Task<object> ForAsync(string kommunenummer, CancellationToken cancellationToken);
}

public static class MunicipalityFiguresEndpoints
{
    /// <summary><c>GET /api/v1/admin/municipalities/{kommunenummer}/figures</c>: <c>{ "kommunenummer", "&lt;section&gt;": {..}, .. }</c>.</summary>
    public static IEndpointRouteBuilder MapMunicipalityFigures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(AccessFilters.MunicipalityAdminRoute).WithTags("Figures")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin()
            .MapGet("/figures", async Task<Ok<JsonObject>> (string kommunenummer, IEnumerable<IMunicipalityFigures> sources, HttpContext http, CancellationToken ct) =>
            {
                var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                var answer = new JsonObject { ["kommunenummer"] = kommunenummer };
                foreach (var source in sources.OrderBy(s => s.Section, StringComparer.Ordinal))
                {
                    answer[source.Section] = JsonSerializer.SerializeToNode(await source.ForAsync(kommunenummer, ct), options);
                }

                return TypedResults.Ok(answer);
            });
        return endpoints;
    }
}
