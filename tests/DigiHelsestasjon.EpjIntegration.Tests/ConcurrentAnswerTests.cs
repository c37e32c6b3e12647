using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

public sealed class ConcurrentAnswersOnSqlite(SqliteOverHttp host) : ConcurrentAnswerTests<SqliteOverHttp>(host);

public sealed class ConcurrentAnswersOnPostgres(PostgresInProcess host) : ConcurrentAnswerTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class ConcurrentAnswersOnSqlServer(SqlServerOverHttp host) : ConcurrentAnswerTests<SqlServerOverHttp>(host);

/// <summary>A journal on the bus sends its receipt and its outcome within milliseconds; the platform may handle both at
/// once. Seen in a full run: the receipt's handler read "delivered", the outcome committed "journaled", and the
/// receipt's save wrote "received" back over it.</summary>
public abstract class ConcurrentAnswerTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_a_receipt_handled_while_the_outcome_commits_When_the_receipt_saves_Then_the_item_stays_journaled()
    {
        var now = host.Time.GetUtcNow().UtcDateTime;
        var messageId = Guid.NewGuid();
        await using (var seed = host.Services.CreateAsyncScope())
        {
            var db = seed.ServiceProvider.GetRequiredService<EpjDbContext>();
            await seed.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
                () =>
                {
                    db.Items.Add(new EpjItem
                    {
                        Id = Guid.NewGuid(), Direction = EpjItem.Outbound, MessageId = messageId, InstallationId = "demo-cgm",
                        Kind = EpjDeliveryKinds.CitizenMessage, Kommunenummer = "9903", UnitId = DemoUnits.Id("9903", 1),
                        State = EpjItemStates.Delivered, TransportDelivered = true, Payload = "{}", NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
                    });
                    return Task.CompletedTask;
                },
                CancellationToken.None);
        }

        // The receipt's handler has read the item...
        await using var receiptScope = host.Services.CreateAsyncScope();
        var stale = receiptScope.ServiceProvider.GetRequiredService<EpjDbContext>();
        var item = await stale.Items.SingleAsync(i => i.MessageId == messageId);
        Acknowledgements.Apply(item, ApplicationReceipt.Ok(messageId), null, now, new());

        // ...when the outcome is received and committed.
        var inbound = host.Services.GetRequiredService<EpjInbound>();
        var outcome = await inbound.ReceiveAsync("demo-cgm", Reported(messageId, receipt: null, new BusinessOutcome { OriginalMessageId = messageId, Kind = OutcomeKind.Journaled, At = host.Time.GetUtcNow() }), CancellationToken.None);
        outcome.Receipt.Status.ShouldBe(ReceiptStatus.Ok);

        // The receipt's unit of work commits what it tracked: refused, the outcome committed first.
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => receiptScope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(() => Task.CompletedTask, CancellationToken.None));

        // Received again from the start (as EpjInbound does after a failed save), the receipt is applied to what is stored.
        var receipt = await inbound.ReceiveAsync("demo-cgm", Reported(messageId, ApplicationReceipt.Ok(messageId), outcome: null), CancellationToken.None);
        receipt.Receipt.Status.ShouldBe(ReceiptStatus.Ok);
        await using var check = host.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<EpjDbContext>().Items.AsNoTracking().SingleAsync(i => i.MessageId == messageId && i.Direction == EpjItem.Outbound);
        (stored.State, stored.ReceiptStatus, stored.Outcome).ShouldBe((EpjItemStates.Journaled, "ok", "journaled"));
    }

    private OutcomeReported Reported(Guid original, ApplicationReceipt? receipt, BusinessOutcome? outcome) => new()
    {
        MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), OriginalMessageId = original, Receipt = receipt, Outcome = outcome,
    };
}
