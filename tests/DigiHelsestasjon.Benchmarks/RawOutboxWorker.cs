using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using Npgsql;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The baseline for the outbox benchmark: a hand-rolled <c>SKIP LOCKED</c> dispatcher, as a team would write it
/// without the platform. One transaction per batch holds the row locks while the events are handled, then marks them
/// processed: no lease, no per-event scope, no MediatR, no retry bookkeeping, no dead letters. It reads the same table
/// and deserialises and counts the same events as the platform's worker does.</summary>
internal static class RawOutboxWorker
{
    public static async Task<int> RunAsync(string connectionString, int batchSize)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        var handled = new Handled();
        using var stop = new CancellationTokenSource();
        // Warm the pool and the statements before saying ready, as the platform's worker is warm after its start-up.
        await DispatchBatchAsync(data, batchSize, handled, stop.Token);
        var loop = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (await DispatchBatchAsync(data, batchSize, handled, stop.Token) == 0)
                    {
                        await Task.Delay(10, stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });

        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        await stop.CancelAsync();
        await loop;
        return 0;
    }

    private static async Task<int> DispatchBatchAsync(NpgsqlDataSource data, int batchSize, Handled handled, CancellationToken cancellationToken)
    {
        await using var connection = await data.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<Guid>(batchSize);
        await using (var claim = new NpgsqlCommand(
            """
            SELECT id, type, payload FROM bench.outbox
            WHERE processed_at IS NULL AND dead_lettered_at IS NULL AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batchSize });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var type = IntegrationEventTypes.Resolve(reader.GetString(1))!;
                var pinged = (Pinged)JsonSerializer.Deserialize(reader.GetString(2), type, IntegrationEventTypes.Json)!;
                Interlocked.Increment(ref handled.Count);
                GC.KeepAlive(pinged);
                ids.Add(reader.GetGuid(0));
            }
        }

        if (ids.Count > 0)
        {
            await using var ack = new NpgsqlCommand("UPDATE bench.outbox SET processed_at = now() WHERE id = ANY($1)", connection, transaction);
            ack.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
            await ack.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }
}
