using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
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
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The baseline on the embedded default, behind the same authentication and assurance check.</summary>
internal sealed class RawSqliteAppointmentListModule(string connectionString) : IModule
{
    public string Name => "RawBaseline";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/bench/raw/subjects/{subjectId:guid}/appointments",
                (Guid subjectId, ClaimsPrincipal user, IPopulationRegister register, AppointmentInformationCatalog information, MediatR.IMediator mediator, CancellationToken ct) =>
                    RawSqliteAppointmentList.ListAsync(connectionString, subjectId, user, register, information, mediator, ct))
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
}

/// <summary>The same four statements as <see cref="RawAppointmentList"/> with Microsoft.Data.Sqlite by hand: no EF Core,
/// no MediatR, no unit of work. Its connection gets the same pragmas as the platform's (a fair baseline); its
/// access-log insert is an autocommit statement that SQLite's busy handler serialises.</summary>
internal static class RawSqliteAppointmentList
{
    private static Dictionary<Guid, (string Name, string Kommunenummer)>? units;

    public static async Task<Results<Ok<List<AppointmentResponse>>, NotFound>> ListAsync(
        string connectionString, Guid subjectId, ClaimsPrincipal user, IPopulationRegister register, AppointmentInformationCatalog information, MediatR.IMediator mediator, CancellationToken ct)
    {
        var actorRecord = await register.FindAsync(user.Pid()!, ct);
        if (actorRecord is null)
        {
            return TypedResults.NotFound();
        }

        await using var connection = new TunedSqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        units ??= await UnitsAsync(connection, ct);
        var deadlines = await RawDeadlines.HoursAsync(mediator, units.Values.Select(u => u.Kommunenummer), ct);
        var (actorId, actorName) = await ActorAsync(connection, actorRecord.Pid, ct);
        var subjectPid = await ScalarAsync(connection, "SELECT p.\"Pid\" FROM \"identity_persons\" AS p WHERE p.\"Id\" = $id LIMIT 1", ct, ("$id", Text(subjectId)));
        var link = actorRecord.Children.FirstOrDefault(c => c.Pid == subjectPid && c.ParentalResponsibility);
        var child = link is null ? null : await register.FindAsync(link.Pid, ct);
        var age = child is null ? int.MaxValue : Age.On(child.BirthDate, Age.TodayInOslo(TimeProvider.System));
        if (actorId is null || age >= 16)
        {
            return TypedResults.NotFound();
        }

        // One write transaction, as the platform's unit of work has: BEGIN IMMEDIATE takes the write lock first, so the
        // insert never finds its read snapshot stale (SQLITE_BUSY_SNAPSHOT, which no busy handler waits out).
        // BENCH_RAW_GATE=1: the raw endpoint queues at the same in-process write gate (to tell lock waits from other costs).
        using var gated = Environment.GetEnvironmentVariable("BENCH_RAW_GATE") == "1" ? new Gate(await SqliteTuning.EnterWriteAsync(connectionString, ct)) : null;
        if (Environment.GetEnvironmentVariable("BENCH_RAW_NO_WRITE") != "1")
        {
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct))
        await using (var log = connection.CreateCommand())
        {
            log.Transaction = transaction;
            log.CommandText = "INSERT INTO \"identity_access_log\" (\"Id\", \"Action\", \"ActorId\", \"ActorName\", \"Outcome\", \"Purpose\", \"Relation\", \"SubjectId\", \"System\", \"Time\") "
                + "VALUES ($id, 'appointments.list', $actor, $name, 'granted', 'Vise timer', 'child', $subject, 'digihelsestasjon', $time)";
            log.Parameters.AddWithValue("$id", Text(Guid.NewGuid()));
            log.Parameters.AddWithValue("$actor", Text(actorId.Value));
            log.Parameters.AddWithValue("$name", actorName);
            log.Parameters.AddWithValue("$subject", Text(subjectId));
            log.Parameters.AddWithValue("$time", DateTime.UtcNow);
            await log.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
        }

        var list = new List<AppointmentResponse>();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT a.\"Id\", a.\"Start\", a.\"End\", a.\"Type\", a.\"UnitId\", a.\"PractitionerRole\", a.\"Location\", a.\"Status\", a.\"CancellationState\", "
            + "a.\"CancellationDecisionReason\", a.\"ExemptFromParentalAccess\", a.\"YouthService\" FROM \"calendar_appointments\" AS a "
            + "WHERE a.\"PersonId\" = $person AND a.\"Start\" >= $from AND a.\"Start\" < $to ORDER BY a.\"Start\"";
        select.Parameters.AddWithValue("$person", Text(subjectId));
        select.Parameters.AddWithValue("$from", DateTime.MinValue);
        select.Parameters.AddWithValue("$to", DateTime.MaxValue);
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
                reader.GetGuid(0), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)),
                reader.GetString(3), reader.GetGuid(4), unit.Name ?? "", reader.GetString(5), NationalProgramme.IsHomeVisit(reader.GetString(3)) ? "" : reader.GetString(6), reader.GetString(7),
                state is null ? null : new CancellationResponse(state, state == "refused" && !reader.IsDBNull(9) ? reader.GetString(9) : null),
                await information.ForAsync(unit.Kommunenummer ?? "", reader.GetString(3), WrittenNorwegian.Bokmal, ct),
                RawDeadlines.Of(deadlines, unit.Kommunenummer, reader.GetDateTime(1))));
        }

        return TypedResults.Ok(list);
    }

    private sealed class Gate(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>How EF Core's SQLite provider stores a Guid: upper-case text.</summary>
    internal static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static async Task<(Guid? Id, string Name)> ActorAsync(SqliteConnection connection, string pid, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.\"Id\", p.\"Name\" FROM \"identity_persons\" AS p WHERE p.\"Pid\" = $pid LIMIT 1";
        command.Parameters.AddWithValue("$pid", pid);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetString(1)) : (null, "");
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (string?)await command.ExecuteScalarAsync(ct);
    }

    private static async Task<Dictionary<Guid, (string, string)>> UnitsAsync(SqliteConnection connection, CancellationToken ct)
    {
        var result = new Dictionary<Guid, (string, string)>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"Name\", \"Kommunenummer\" FROM \"directory_units\"";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return result;
    }
}
