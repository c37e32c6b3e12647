using System.Security.Claims;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Messaging.Features;
using DigiHelsestasjon.Messaging.Features.StartThread;
using DigiHelsestasjon.Messaging.Features.Threads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The baselines: what the platform's thread list and thread start send to the database, written by hand with
/// Npgsql (no EF Core, no MediatR, no pipeline behaviours). They keep the representation rule for a guardian of a young
/// child (the case under load), the access log row and the unit names, so the list answers byte for byte the same.</summary>
internal static class RawThreadList
{
    private const string ListSql =
        "SELECT t.\"Id\", t.\"UnitId\", t.\"Topic\", t.\"Subject\", t.\"StartedBy\", t.\"CreatedAt\", t.\"LastMessageAt\", t.\"YouthService\", t.\"ExemptFromParentalAccess\", "
        + "(SELECT count(*)::int FROM messaging.messages AS m WHERE m.\"ThreadId\" = t.\"Id\" AND (NOT $3 OR NOT m.\"ExemptFromParentalAccess\")), "
        + "(SELECT count(*)::int FROM messaging.messages AS m WHERE m.\"ThreadId\" = t.\"Id\" AND (NOT $3 OR NOT m.\"ExemptFromParentalAccess\") "
        + "   AND (m.\"AuthorPersonId\" IS NULL OR m.\"AuthorPersonId\" <> $2) "
        + "   AND NOT EXISTS (SELECT 1 FROM messaging.read_markers AS r WHERE r.\"ThreadId\" = t.\"Id\" AND r.\"ReaderPersonId\" = $2 AND r.\"ReadUpTo\" >= m.\"SentAt\")), "
        + "(SELECT m.\"DeliveryState\" FROM messaging.messages AS m WHERE m.\"ThreadId\" = t.\"Id\" AND m.\"Direction\" = 'to-unit' AND (NOT $3 OR NOT m.\"ExemptFromParentalAccess\") "
        + "   ORDER BY m.\"SentAt\" DESC LIMIT 1), "
        + "(SELECT max(m.\"SentAt\") FROM messaging.messages AS m WHERE m.\"ThreadId\" = t.\"Id\" AND (NOT $3 OR NOT m.\"ExemptFromParentalAccess\")) "
        + "FROM messaging.threads AS t WHERE t.\"PersonId\" = $1 ORDER BY t.\"LastMessageAt\" DESC";

    private static Dictionary<Guid, (string Name, string Kommunenummer)>? units;

    public static async Task<Results<Ok<List<ThreadSummary>>, NotFound>> ListAsync(
        Guid subjectId, ClaimsPrincipal user, NpgsqlDataSource data, IPopulationRegister register, CancellationToken ct)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        var actor = await ParentOfYoungChildAsync(connection, user, subjectId, register, ct);
        if (actor is null)
        {
            return TypedResults.NotFound();
        }

        await RawAppointmentList.LogAsync(connection, subjectId, actor.Value.Id, actor.Value.Name, ct, "messages.list", "Vise meldinger");
        var list = new List<(DateTime Last, ThreadSummary Thread)>();
        await using var select = new NpgsqlCommand(ListSql, connection)
        {
            Parameters = { new() { Value = subjectId }, new() { Value = actor.Value.Id }, new() { Value = true } },
        };
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt32(9) == 0 || reader.GetBoolean(7) || reader.GetBoolean(8))
            {
                continue;
            }

            // The newest message the reader may see, not the thread's own last time (a hidden message would show).
            var last = reader.IsDBNull(12) ? reader.GetDateTime(6) : reader.GetDateTime(12);
            list.Add((last, new ThreadSummary(
                reader.GetGuid(0), reader.GetGuid(1), units!.GetValueOrDefault(reader.GetGuid(1)).Name ?? "", reader.GetString(2), reader.GetString(3), reader.GetString(4),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero), new DateTimeOffset(last, TimeSpan.Zero),
                reader.GetInt32(9), reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11))));
        }

        return TypedResults.Ok(list.OrderByDescending(t => t.Last).Select(t => t.Thread).ToList());
    }

    /// <summary>The same writes as the platform's thread start: access log, idempotency record, thread, message and the
    /// outbox row for the journal, in one transaction. The outbox row is written as already handled, so the baseline's
    /// messages do not reach the journal (the platform's own run is the one counted there).</summary>
    public static async Task<Results<Created<object>, NotFound>> StartAsync(
        Guid subjectId, StartThreadBody body, [FromHeader(Name = "Idempotency-Key")] string key, ClaimsPrincipal user, NpgsqlDataSource data, IPopulationRegister register, CancellationToken ct)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        var actor = await ParentOfYoungChildAsync(connection, user, subjectId, register, ct);
        if (actor is null || !units!.TryGetValue(body.UnitId!.Value, out _))
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await RawAppointmentList.LogAsync(connection, subjectId, actor.Value.Id, actor.Value.Name, ct, "messages.start", "Sende en melding til helsestasjonen");
        await using (var replay = new NpgsqlCommand("SELECT \"ResultId\" FROM messaging.idempotent_requests WHERE \"ActorPersonId\" = $1 AND \"Key\" = $2", connection, transaction))
        {
            replay.Parameters.Add(new() { Value = actor.Value.Id });
            replay.Parameters.Add(new() { Value = key });
            if (await replay.ExecuteScalarAsync(ct) is Guid existing)
            {
                return TypedResults.Created($"/threads/{existing}", (object)new { threadId = existing });
            }
        }

        var now = DateTime.UtcNow;
        var (threadId, messageId) = (Guid.NewGuid(), Guid.NewGuid());
        var request = new EpjCitizenMessageRequested(messageId, body.UnitId!.Value, subjectId, "parent", actor.Value.Name, threadId, null, body.Subject!, body.Body!, []) { OccurredAt = now };
        // One round trip, as EF Core batches the platform's inserts.
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO messaging.threads (\"Id\", \"PersonId\", \"UnitId\", \"Topic\", \"Subject\", \"StartedBy\", \"StartedByPersonId\", \"YouthService\", \"ExemptFromParentalAccess\", \"CreatedAt\", \"LastMessageAt\") "
                + "VALUES ($1, $2, $3, 'health', $4, 'parent', $5, false, false, $6, $6)",
                threadId, subjectId, body.UnitId!.Value, body.Subject!, actor.Value.Id, now));
            batch.BatchCommands.Add(Command(
                "INSERT INTO messaging.messages (\"Id\", \"ThreadId\", \"PersonId\", \"UnitId\", \"EpjMessageId\", \"Direction\", \"AuthorPersonId\", \"AuthorRelation\", \"AuthorName\", \"Body\", \"SentAt\", \"DeliveryState\", \"DeliveryStateAt\", \"ExemptFromParentalAccess\") "
                + "VALUES ($1, $2, $3, $4, $1, 'to-unit', $5, 'parent', $6, $7, $8, 'sent', $8, false)",
                messageId, threadId, subjectId, body.UnitId!.Value, actor.Value.Id, actor.Value.Name, body.Body!, now));
            batch.BatchCommands.Add(Command(
                "INSERT INTO messaging.idempotent_requests (\"ActorPersonId\", \"Key\", \"Operation\", \"RequestHash\", \"ResultId\", \"CreatedAt\") VALUES ($1, $2, 'thread', $3, $4, $5)",
                actor.Value.Id, key, Idempotency.Hash("thread", subjectId, body.UnitId, "health", body.Subject, body.Body), threadId, now));
            batch.BatchCommands.Add(Command(
                "INSERT INTO messaging.outbox (id, type, payload, occurred_at, next_attempt_at, attempts, processed_at) VALUES ($1, $2, $3, $4, $4, 0, $4)",
                Guid.NewGuid(), typeof(EpjCitizenMessageRequested).FullName!, JsonSerializer.Serialize(request), now));
            await batch.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/threads/{threadId}", (object)new { threadId });
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>The caller, if they are a guardian with parental responsibility of the subject and the subject is under 12.</summary>
    private static async Task<(Guid Id, string Name)?> ParentOfYoungChildAsync(NpgsqlConnection connection, ClaimsPrincipal user, Guid subjectId, IPopulationRegister register, CancellationToken ct)
    {
        var actorRecord = await register.FindAsync(user.Pid()!, ct);
        if (actorRecord is null)
        {
            return null;
        }

        units ??= await RawAppointmentList.UnitsAsync(connection, ct);
        var (actorId, actorName) = await RawAppointmentList.ActorAsync(connection, actorRecord.Pid, ct);
        var subjectPid = await RawAppointmentList.SubjectPidAsync(connection, subjectId, ct);
        var link = actorRecord.Children.FirstOrDefault(c => c.Pid == subjectPid && c.ParentalResponsibility);
        var child = link is null ? null : await register.FindAsync(link.Pid, ct);
        var age = child is null ? int.MaxValue : Age.On(child.BirthDate, Age.TodayInOslo(TimeProvider.System));
        return actorId is null || age >= 12 ? null : (actorId.Value, actorName);
    }
}
