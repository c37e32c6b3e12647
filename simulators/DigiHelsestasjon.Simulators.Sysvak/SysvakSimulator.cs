using DigiHelsestasjon.Simulators.Epj;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Simulators.Sysvak;

/// <summary>One registered dose, as the register answers it.</summary>
/// <param name="GivenBy">The HER-id of the unit that reported it.</param>
public sealed record SysvakVaccination(string EntryId, string Code, string Name, int Dose, DateOnly GivenOn, string GivenBy);

/// <summary>The register's answer: every dose the childhood programme gave the person (<see cref="DemoHealthHistory"/>), wherever
/// they lived. A person the register does not know (no readable birth date) has none.</summary>
public sealed class SysvakRegister(TimeProvider time)
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The municipality a person lives in (the population register's); null: one chosen from the number.</summary>
    public Func<string, DemoMunicipality?> HomeOf { get; set; } = _ => null;

    public IReadOnlyList<SysvakVaccination> VaccinationsOf(string pid) =>
        [.. DemoHealthHistory.Vaccinations(pid, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime), HomeOf(pid))
            .Select(d => new SysvakVaccination("sysvak-" + d.EntryId, d.Code, d.Name, d.Dose, d.GivenOn, d.UnitHerId))];
}

/// <summary>The register over HTTP, under <c>/simulators/sysvak/</c> (docs/simulators.md). The real register is asked with a
/// HelseID token; the simulator asks for none. The fødselsnummer goes in the body, never in the URL.</summary>
public static class SysvakEndpoints
{
    public sealed record VaccinationsQuery(string? Pid);

    public static IEndpointRouteBuilder MapSysvakSimulator(this IEndpointRouteBuilder endpoints, SysvakRegister register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var group = endpoints.MapGroup("/simulators/sysvak").WithTags("Simulator: SYSVAK");
        group.MapPost("/vaccinations", (VaccinationsQuery body) =>
            string.IsNullOrWhiteSpace(body?.Pid)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["pid"] = ["Required: the person's fødselsnummer."] })
                : Results.Ok(register.VaccinationsOf(body.Pid)));
        return endpoints;
    }
}
