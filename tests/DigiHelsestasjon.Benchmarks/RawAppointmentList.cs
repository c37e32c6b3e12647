using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.AppointmentInformation;
using DigiHelsestasjon.Calendar.Features.Appointments;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Identity.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>Adds the baseline endpoint to the host, behind the same authentication and assurance check.</summary>
internal sealed class RawAppointmentListModule : IModule
{
    public string Name => "RawBaseline";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/bench/raw/subjects/{subjectId:guid}/appointments", RawAppointmentList.ListAsync)
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
}

/// <summary>The baseline: the statements the platform's list sends (actor, subject, access-log insert,
/// appointments), written by hand with Npgsql, no EF Core, no MediatR, no pipeline behaviours. It keeps
/// the representation rule for a guardian of a child (the case under load) and the same in-memory
/// register, unit names and appointment texts, so the two answers are byte for byte the same.</summary>
internal static class RawAppointmentList
{
    private static Dictionary<Guid, (string Name, string Kommunenummer)>? units;

    public static async Task<Results<Ok<List<AppointmentResponse>>, NotFound>> ListAsync(
        Guid subjectId, ClaimsPrincipal user, NpgsqlDataSource data, IPopulationRegister register, AppointmentInformationCatalog information, MediatR.IMediator mediator, CancellationToken ct)
    {
        var actorRecord = await register.FindAsync(user.Pid()!, ct);
        if (actorRecord is null)
        {
            return TypedResults.NotFound();
        }

        await using var connection = await data.OpenConnectionAsync(ct);
        units ??= await UnitsAsync(connection, ct);
        var deadlines = await RawDeadlines.HoursAsync(mediator, units.Values.Select(u => u.Kommunenummer), ct);
        var (actorId, actorName) = await ActorAsync(connection, actorRecord.Pid, ct);
        var subjectPid = await SubjectPidAsync(connection, subjectId, ct);
        var link = actorRecord.Children.FirstOrDefault(c => c.Pid == subjectPid && c.ParentalResponsibility);
        var child = link is null ? null : await register.FindAsync(link.Pid, ct);
        var age = child is null ? int.MaxValue : Age.On(child.BirthDate, Age.TodayInOslo(TimeProvider.System));
        if (actorId is null || age >= 16)
        {
            return TypedResults.NotFound();
        }

        await LogAsync(connection, subjectId, actorId.Value, actorName, ct);
        var list = new List<AppointmentResponse>();
        await using var select = new NpgsqlCommand(
            "SELECT a.\"Id\", a.\"Start\", a.\"End\", a.\"Type\", a.\"UnitId\", a.\"PractitionerRole\", a.\"Location\", a.\"Status\", a.\"CancellationState\", "
            + "a.\"CancellationDecisionReason\", a.\"ExemptFromParentalAccess\", a.\"YouthService\" FROM calendar.appointments AS a "
            + "WHERE a.\"PersonId\" = $1 AND a.\"Start\" >= $2 AND a.\"Start\" < $3 ORDER BY a.\"Start\"", connection)
        {
            Parameters = { new() { Value = subjectId }, new() { Value = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) }, new() { Value = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) } },
        };
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (age >= 12 && (reader.GetBoolean(10) || reader.GetBoolean(11)))
            {
                continue;
            }

            var unit = units.GetValueOrDefault(reader.GetGuid(4));
            var state = reader.IsDBNull(8) ? null : reader.GetString(8);
            list.Add(new AppointmentResponse(
                reader.GetGuid(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                reader.GetString(3), reader.GetGuid(4), unit.Name ?? "", reader.GetString(5), NationalProgramme.IsHomeVisit(reader.GetString(3)) ? "" : reader.GetString(6), reader.GetString(7),
                state is null ? null : new CancellationResponse(state, state == "refused" && !reader.IsDBNull(9) ? reader.GetString(9) : null),
                await information.ForAsync(unit.Kommunenummer ?? "", reader.GetString(3), WrittenNorwegian.Bokmal, ct),
                RawDeadlines.Of(deadlines, unit.Kommunenummer, reader.GetDateTime(1))));
        }

        return TypedResults.Ok(list);
    }

    internal static async Task<(Guid? Id, string Name)> ActorAsync(NpgsqlConnection connection, string pid, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT p.\"Id\", p.\"Name\" FROM identity.persons AS p WHERE p.\"Pid\" = $1 LIMIT 1", connection)
        {
            Parameters = { new() { Value = pid } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetString(1)) : (null, "");
    }

    internal static async Task<string?> SubjectPidAsync(NpgsqlConnection connection, Guid subjectId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT p.\"Pid\" FROM identity.persons AS p WHERE p.\"Id\" = $1 LIMIT 1", connection)
        {
            Parameters = { new() { Value = subjectId } },
        };
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    internal static async Task LogAsync(NpgsqlConnection connection, Guid subjectId, Guid actorId, string actorName, CancellationToken ct, string action = "appointments.list", string purpose = "Vise timer")
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO identity.access_log (\"Id\", \"Action\", \"ActorId\", \"ActorName\", \"Outcome\", \"Purpose\", \"Relation\", \"SubjectId\", \"System\", \"Time\") "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", connection)
        {
            Parameters =
            {
                new() { Value = Guid.NewGuid() }, new() { Value = action }, new() { Value = actorId }, new() { Value = actorName },
                new() { Value = "granted" }, new() { Value = purpose }, new() { Value = "child" }, new() { Value = subjectId },
                new() { Value = "digihelsestasjon" }, new() { Value = DateTime.UtcNow },
            },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<Dictionary<Guid, (string, string)>> UnitsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var result = new Dictionary<Guid, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT \"Id\", \"Name\", \"Kommunenummer\" FROM directory.units", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return result;
    }
}

/// <summary>The municipalities' cancellation deadlines, read once (the platform reads them from Directory's memory, so
/// neither endpoint pays a query for them).</summary>
internal static class RawDeadlines
{
    private static Dictionary<string, int>? hours;

    public static async Task<Dictionary<string, int>> HoursAsync(MediatR.IMediator mediator, IEnumerable<string> kommunenummer, CancellationToken ct)
    {
        if (hours is null)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var k in kommunenummer.Distinct())
            {
                result[k] = (await mediator.Send(new DigiHelsestasjon.Directory.Contracts.GetMunicipalityPolicies(k), ct))?.CancellationDeadlineHours ?? 0;
            }

            hours = result;
        }

        return hours;
    }

    public static DateTimeOffset? Of(Dictionary<string, int> deadlines, string? kommunenummer, DateTime start) =>
        kommunenummer is not null && deadlines.GetValueOrDefault(kommunenummer) is > 0 and var h
            ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc).AddHours(-h), TimeSpan.Zero)
            : null;
}
