using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.EpjIntegration.National;

/// <summary>What a journal sends on the bus, read as the contract's inbound messages and received exactly as those from
/// the other transports (<see cref="EpjInbound"/>: idempotent on the installation and the message id, so a redelivery or
/// a resend of the same MsgId has no second effect; the endpoint sends its AppRec once).</summary>
internal sealed class PlatformNationalReceiver(EpjInbound inbound, NationalJournals journals, IServiceScopeFactory scopes, ILogger<PlatformNationalReceiver> logger, Func<Guid, string?>? sentOutsideTheQueue = null, Action<Guid>? reportedOnErrorQueue = null) : INationalReceiver
{
    public async Task<NationalReceipt?> ReceiveAsync(NationalMessage message, CancellationToken cancellationToken)
    {
        // The journal is the party the transport vouched for (named at level 1, or, as HITS 1217 2.3 addresses, as the
        // communication party at level 2): never a HER-id the message merely writes.
        var journal = journals.Of(message.TransportSenderHerId ?? message.Sender.HerId);
        if (journal is null)
        {
            return NationalReceipt.Rejected("E21", "The sender is not a journal the platform has an agreement with.");
        }

        if (message.Patient is { Fnr: { Length: > 0 } pid } && !await KnownAsync(pid, cancellationToken))
        {
            // E35: not a digital user here. The journal must not send it again (a negative AppRec ends the message).
            return NationalReceipt.Rejected("E35", "The patient is not known as a user of the platform.");
        }

        IReadOnlyList<InboundMessage> received;
        try
        {
            var parent = NationalIds.ToGuidOrNull(message.RefToParent);
            var (parentProcess, thread) = await OriginalAsync(journal.InstallationId, parent, cancellationToken);
            received = JournalToPlatform.Read(message, id => id == parent ? parentProcess : null);

            // The journal names a thread by the MsgId of its first message; the platform's thread is the one that message
            // belongs to.
            received = [.. received.Select(m => m is HealthServiceMessage reply && thread is not null ? reply with { ConversationId = thread } : m)];
        }
        catch (NationalFormatException exception)
        {
            return NationalReceipt.Rejected(exception.Code, exception.Message);
        }

        NationalReceipt receipt = NationalReceipt.Ok;
        foreach (var inboundMessage in received)
        {
            var (answer, _) = await inbound.ReceiveAsync(journal.InstallationId, inboundMessage, cancellationToken);
            if (answer.Status == ReceiptStatus.Rejected && receipt.Status == AppRecStatus.Ok)
            {
                receipt = new NationalReceipt(AppRecStatus.Rejected, [.. answer.Errors.Select(e => new AppRecError(NationalCode(e.Code), e.Description))]);
            }
        }

        return receipt;
    }

    public async Task ReceiveAppRecAsync(NationalAppRec appRec, CancellationToken cancellationToken)
    {
        var journal = journals.Of(appRec.TransportSenderHerId ?? appRec.Sender.HerId);
        if (journal is null)
        {
            logger.LogInformation("An AppRec from HER-id {HerId}, which is no configured journal, was dropped.", appRec.Sender.HerId);
            return;
        }

        var original = NationalIds.ToGuid(appRec.OriginalMsgId);
        var (process, _) = await OriginalAsync(journal.InstallationId, original, cancellationToken);
        if (process == NationalProcess.Timereservasjon && appRec.Status != AppRecStatus.Rejected)
        {
            // A reservation's answer (05 booked, 06 taken) is its receipt; an OK AppRec before it only says it arrived, and
            // reported as the receipt it would read as "booked" before the journal has decided.
            return;
        }

        await inbound.ReceiveAsync(journal.InstallationId, JournalToPlatform.ReadAppRec(appRec, process), cancellationToken);
    }

    /// <summary>The platform answers no synchronous request from a journal (none of the processes has one that way).</summary>
    public Task<NationalMessage> AnswerAsync(NationalMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(PlatformToJournal.Answer(request, request.GenDate, NationalCodes.ForesporselAvvist, "Plattformen tar ikke imot denne forespørselen."));

    /// <summary>A message of ours failed on the journal's side of the transport: a security rejection of the item (its
    /// correlation id is the MsgId), shown to the operator, not retried.</summary>
    public async Task ReceiveTransportErrorAsync(NationalEnvelope error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var journal = journals.Of(error.FromHerId);
        // The report names our message by its AMQP id, which is the message's MsgId (NationalEndpoint keeps them one).
        if (journal is null || !Guid.TryParse(error.OriginalMessageId, out var original))
        {
            logger.LogWarning("HER-id {HerId} reported a transport error on a message the platform does not know: {Condition}.", error.FromHerId, error.ErrorCondition);
            return;
        }

        reportedOnErrorQueue?.Invoke(original);
        logger.LogWarning("HER-id {HerId} reported a transport error on a platform message: {Condition}.", error.FromHerId, error.ErrorCondition);
        await inbound.ReceiveAsync(journal.InstallationId, new OutcomeReported
        {
            MessageId = NationalIds.ToGuid($"{error.OriginalMessageId}/transport-error"), SentAt = error.ApplicationTimeStamp, OriginalMessageId = original,
            Receipt = new ApplicationReceipt
            {
                OriginalMessageId = original, Status = ReceiptStatus.Rejected,
                Errors = [new EpjError { Code = EpjErrorCodes.Other, Category = EpjErrorCategory.Security, Description = $"Transport error on the national bus: {error.ErrorCondition}." }],
            },
        }, cancellationToken);
    }

    private async Task<bool> KnownAsync(string pid, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ResolvePersonId(pid), cancellationToken) is not null;
    }

    /// <summary>Which national process a message of the platform's to this installation went as (by its MessageId), and
    /// for a citizen's message the platform's thread.</summary>
    private async Task<(string? Process, Guid? Thread)> OriginalAsync(string installation, Guid? messageId, CancellationToken cancellationToken)
    {
        if (messageId is not { } id)
        {
            return (null, null);
        }

        await using var scope = scopes.CreateAsyncScope();
        var item = await scope.ServiceProvider.GetRequiredService<EpjDbContext>().Items.AsNoTracking()
            .Where(i => i.Direction == EpjItem.Outbound && i.InstallationId == installation && i.MessageId == id).Select(i => new { i.Kind, i.Payload }).FirstOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            // Not an item of the delivery queue: a message the acceptance run's checks sent directly, if any.
            return (sentOutsideTheQueue?.Invoke(id), null);
        }

        return item.Kind switch
        {
            EpjDeliveryKinds.CitizenMessage => System.Text.Json.JsonSerializer.Deserialize<EpjCitizenMessageRequested>(item.Payload) is { } message
                ? (message.Topic == PlatformToJournal.TimeWishTopic ? NationalProcess.TimeonskeUngdom : NationalProcess.EKontakt, message.ConversationId)
                : (NationalProcess.EKontakt, null),
            EpjDeliveryKinds.Cancellation => (NationalProcess.Avtaleavbestilling, null),
            EpjDeliveryKinds.SlotReservation => (NationalProcess.Timereservasjon, null),
            _ => (null, null),
        };
    }

    /// <summary>The national code list has no "not yours" code; E21 (unknown recipient) is the platform's answer for it.</summary>
    private static string NationalCode(string code) => code switch
    {
        EpjErrorCodes.UnknownRecipient or EpjErrorCodes.UnknownPatient or EpjErrorCodes.NotWellFormed or EpjErrorCodes.InvalidContent or EpjErrorCodes.InvalidMessageId => code,
        _ => EpjErrorCodes.Other,
    };
}
