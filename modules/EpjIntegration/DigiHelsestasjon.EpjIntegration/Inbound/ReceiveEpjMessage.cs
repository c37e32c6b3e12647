using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.EpjIntegration.Inbound;

/// <summary>The platform's receipt, and whether it is the original answer to an earlier copy.</summary>
internal sealed record InboundResult(ApplicationReceipt Receipt, bool Replayed);

/// <summary>One message from an installation's journal. Idempotent on (installation, MessageId).</summary>
internal sealed record ReceiveEpjMessage(string InstallationId, InboundMessage Message) : ICommand<InboundResult>;

internal sealed class ReceiveEpjMessageHandler(EpjDbContext db, IMediator mediator, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, UnitOfWork unitOfWork)
    : IRequestHandler<ReceiveEpjMessage, InboundResult>
{
    public async Task<InboundResult> Handle(ReceiveEpjMessage request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        var original = await db.Items.AsNoTracking().FirstOrDefaultAsync(
            i => i.Direction == EpjItem.Inbound && i.InstallationId == request.InstallationId && i.MessageId == message.MessageId, cancellationToken);
        if (original is not null)
        {
            return new InboundResult(JsonSerializer.Deserialize<ApplicationReceipt>(original.Response!, EpjJson.Options)!, Replayed: true);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var item = new EpjItem
        {
            Id = Guid.NewGuid(), Direction = EpjItem.Inbound, MessageId = message.MessageId, InstallationId = request.InstallationId,
            Kind = Kind(message), CreatedAt = now, UpdatedAt = now, NextAttemptAt = now, TransportDelivered = true,
        };

        var receipt = await ProcessAsync(request.InstallationId, message, item, now, cancellationToken);
        item.ReceiptStatus = receipt.Status == ReceiptStatus.Ok ? "ok" : "rejected";
        item.ErrorCodes = receipt.Errors.Count == 0 ? null : string.Join(",", receipt.Errors.Select(e => e.Code));
        item.Reason ??= receipt.Errors.Count == 0 ? null : string.Join("; ", receipt.Errors.Select(e => e.Description));
        item.State = item.State is "" ? (receipt.Status == ReceiptStatus.Ok ? EpjItemStates.Accepted : EpjItemStates.Rejected) : item.State;
        item.Response = JsonSerializer.Serialize(receipt, EpjJson.Options);
        db.Items.Add(item);
        return new InboundResult(receipt, Replayed: false);
    }

    private async Task<ApplicationReceipt> ProcessAsync(string installation, InboundMessage message, EpjItem item, DateTime now, CancellationToken ct)
    {
        // A journal's text reaches citizens' screens and the database (PostgreSQL takes no NUL): the platform's one rule for
        // free text holds for it too.
        if (BuildingBlocks.Mediation.FreeTextRule.FailuresIn(message) is [var failure, ..])
        {
            return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.InvalidContent, failure.Message, failure.Field));
        }

        switch (message)
        {
            case AppointmentPublished published:
            {
                var appointment = published.Appointment ?? new EpjAppointment();
                var (unit, person, refusal) = await ResolveAsync(installation, appointment.UnitHerId, published.PatientPid, item, ct);
                if (refusal is not null)
                {
                    return ApplicationReceipt.Rejected(message.MessageId, refusal);
                }

                if (string.IsNullOrWhiteSpace(appointment.AppointmentId) || appointment.Version <= 0 || appointment.End < appointment.Start)
                {
                    return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.InvalidContent, "An appointment needs an id, a positive version and an end after its start."));
                }

                item.Payload = JsonSerializer.Serialize(new { appointment.AppointmentId, appointment.Version, change = published.Change.ToString() });

                // The version guard, the item and the event commit together or not at all (the command's transaction).
                await unitOfWork.JoinTransactionAsync(ct);
                if (!await IsNewestAsync(installation, appointment.AppointmentId, appointment.Version, now, ct))
                {
                    // An older (or the same) version after a newer one: acknowledged, changes nothing.
                    item.State = EpjItemStates.Stale;
                    return ApplicationReceipt.Ok(message.MessageId, appointment.AppointmentId);
                }

                db.AddIntegrationEvent(new EpjAppointmentPublished(
                    person, unit!.UnitId, appointment.AppointmentId, appointment.Version, Acknowledgements.Camel(published.Change), appointment.Start, appointment.End,
                    appointment.AppointmentType, appointment.PractitionerRole, appointment.Location, appointment.ExemptFromParentalAccess, Acknowledgements.Camel(appointment.Status),
                    appointment.IsVideo));
                return ApplicationReceipt.Ok(message.MessageId, appointment.AppointmentId);
            }

            case HealthServiceMessage reply:
            {
                var (unit, person, refusal) = await ResolveAsync(installation, reply.UnitHerId, reply.PatientPid, item, ct);
                if (refusal is not null)
                {
                    return ApplicationReceipt.Rejected(message.MessageId, refusal);
                }

                if (string.IsNullOrWhiteSpace(reply.Body))
                {
                    return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.InvalidContent, "The message has no text.", "body"));
                }

                // A new conversation gets its id here, so the receipt can tell the journal which id its replies carry
                // (the journal's duplicate of this message gets the same receipt back, so the same id).
                var conversation = reply.ConversationId ?? Guid.NewGuid();
                item.Payload = JsonSerializer.Serialize(new { ConversationId = conversation, reply.InReplyTo });
                var attachments = reply.Attachments.Select(a => new EpjAttachmentContent(a.FileName, a.ContentType, a.Content)).ToList();
                db.AddIntegrationEvent(new EpjHealthServiceMessageReceived(
                    reply.MessageId, person, unit!.UnitId, conversation, reply.InReplyTo, reply.Subject, reply.Body, reply.ExemptFromParentalAccess, attachments));
                return ApplicationReceipt.Ok(message.MessageId, conversation.ToString());
            }

            case ParentalAccessExemptionChanged exemption:
            {
                var person = await mediator.Send(new ResolvePersonId(exemption.PatientPid), ct);
                if (person is null || !await IsOwnItemAsync(installation, exemption.ItemKind, exemption.ItemId, ct))
                {
                    return ApplicationReceipt.Rejected(message.MessageId, NotServed);
                }

                item.Payload = JsonSerializer.Serialize(new { exemption.ItemKind, exemption.ItemId, exemption.Exempt });
                db.AddIntegrationEvent(new EpjParentalAccessExemptionChanged(person.Value, exemption.ItemKind, exemption.ItemId, exemption.Exempt));
                return ApplicationReceipt.Ok(message.MessageId);
            }

            case TestResultReady ready:
            {
                var (unit, person, refusal) = await ResolveAsync(installation, ready.UnitHerId, ready.PatientPid, item, ct);
                if (refusal is not null)
                {
                    return ApplicationReceipt.Rejected(message.MessageId, refusal);
                }

                if (string.IsNullOrWhiteSpace(ready.EntryId))
                {
                    return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.InvalidContent, "A test result needs the journal's entry id.", "entryId"));
                }

                item.Payload = JsonSerializer.Serialize(new { ready.EntryId, ready.ExemptFromParentalAccess });
                db.AddIntegrationEvent(new EpjTestResultReady(person, unit!.UnitId, ready.EntryId, ready.ExemptFromParentalAccess));
                return ApplicationReceipt.Ok(message.MessageId);
            }

            case CancellationDecided decision:
                return await ApplyToOutboundAsync(installation, message.MessageId, decision.CancellationMessageId, item, now, ct, outbound =>
                    Acknowledgements.Apply(outbound, null, new BusinessOutcome
                    {
                        OriginalMessageId = decision.CancellationMessageId, Kind = decision.Accepted ? OutcomeKind.Journaled : OutcomeKind.Refused,
                        Reason = decision.Reason, At = decision.SentAt,
                    }, now, queueOptions.Get(EpjDeliveryQueue.QueueName)));

            case OutcomeReported reported:
                return await ApplyToOutboundAsync(installation, message.MessageId, reported.OriginalMessageId, item, now, ct, outbound =>
                    Acknowledgements.Apply(outbound, reported.Receipt, reported.Outcome, now, queueOptions.Get(EpjDeliveryQueue.QueueName)));

            default:
                return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.InvalidContent, "Unknown message type."));
        }
    }

    private async Task<ApplicationReceipt> ApplyToOutboundAsync(string installation, Guid messageId, Guid originalMessageId, EpjItem item, DateTime now, CancellationToken ct, Action<EpjItem> apply)
    {
        var outbound = await db.Items.FirstOrDefaultAsync(i => i.Direction == EpjItem.Outbound && i.InstallationId == installation && i.MessageId == originalMessageId, ct);
        if (outbound is null)
        {
            return ApplicationReceipt.Rejected(messageId, EpjError.Of(EpjErrorCodes.Other, $"The platform sent no message {originalMessageId} to this installation.") with { Category = EpjErrorCategory.DataMismatch });
        }

        item.Kommunenummer = outbound.Kommunenummer;
        item.UnitId = outbound.UnitId;
        item.Payload = JsonSerializer.Serialize(new { originalMessageId });
        var before = (outbound.State, outbound.ReceiptStatus, outbound.Outcome);
        apply(outbound);
        if ((outbound.State, outbound.ReceiptStatus, outbound.Outcome) != before)
        {
            Acknowledgements.PublishStateChange(db, outbound);
        }

        return ApplicationReceipt.Ok(messageId, outbound.Id.ToString());
    }

    /// <summary>The unit must be served by this installation; the patient must be a person the register knows.</summary>
    private async Task<(UnitInfo? Unit, Guid Person, EpjError? Refusal)> ResolveAsync(string installation, string herId, string pid, EpjItem item, CancellationToken ct)
    {
        var unit = await mediator.Send(new FindUnitByHerId(herId), ct);
        if (unit?.Epj is null || unit.Epj.InstallationId != installation)
        {
            return (null, Guid.Empty, NotServed);
        }

        item.Kommunenummer = unit.Kommunenummer;
        item.UnitId = unit.UnitId;
        var person = await mediator.Send(new ResolvePersonId(pid), ct);
        return person is null
            ? (unit, Guid.Empty, NotServed)
            : (unit, person.Value, null);
    }

    /// <summary>Whether the item is this installation's to mark: an appointment it published, or a message it sent (a health
    /// service message it had accepted) or that the platform delivered to it (a citizen's message). Every other kind, and
    /// every item of another installation, is not: one journal must never hide or show what another journal holds.</summary>
    private async Task<bool> IsOwnItemAsync(string installation, string kind, string itemId, CancellationToken ct) => kind switch
    {
        EpjItemKinds.Appointment => await db.AppointmentVersions.AnyAsync(v => v.InstallationId == installation && v.EpjAppointmentId == itemId, ct),
        EpjItemKinds.Message => Guid.TryParse(itemId, out var messageId) && await db.Items.AnyAsync(
            i => i.InstallationId == installation && i.MessageId == messageId
                && (i.Direction == EpjItem.Outbound || (i.Kind == HealthServiceMessageKind && i.ReceiptStatus == "ok")), ct),
        _ => false,
    };

    private const string HealthServiceMessageKind = "health-service-message";

    /// <summary>One answer for every "not yours to speak about": another installation's unit or appointment, or a number
    /// the register does not know. Different answers would let an installation ask the register who exists.</summary>
    private static readonly EpjError NotServed = EpjError.Of(
        EpjErrorCodes.UnknownRecipient, "The platform does not take this message from this installation: the unit, the patient or the item is not one it serves.");

    /// <summary>Records the version if it is newer than what the platform has; a conditional update, so two
    /// concurrent versions cannot both win.</summary>
    private async Task<bool> IsNewestAsync(string installation, string appointmentId, long version, DateTime now, CancellationToken ct)
    {
        var updated = await db.AppointmentVersions
            .Where(v => v.InstallationId == installation && v.EpjAppointmentId == appointmentId && v.Version < version)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Version, version).SetProperty(v => v.UpdatedAt, now), ct);
        if (updated == 1)
        {
            return true;
        }

        if (await db.AppointmentVersions.AnyAsync(v => v.InstallationId == installation && v.EpjAppointmentId == appointmentId, ct))
        {
            return false;
        }

        db.AppointmentVersions.Add(new AppointmentVersion { InstallationId = installation, EpjAppointmentId = appointmentId, Version = version, UpdatedAt = now });
        return true;
    }

    private static string Kind(InboundMessage message) => message switch
    {
        AppointmentPublished => "appointment-published",
        HealthServiceMessage => HealthServiceMessageKind,
        CancellationDecided => "cancellation-decided",
        ParentalAccessExemptionChanged => "parental-access-exemption-changed",
        TestResultReady => "test-result-ready",
        OutcomeReported => "outcome-reported",
        _ => message.GetType().Name,
    };
}

/// <summary>Receives through a fresh scope; a concurrent duplicate that lost the race on the unique
/// key is answered with the winner's receipt.</summary>
public sealed class EpjInbound(IServiceScopeFactory scopes, EpjInboundObservers observers)
{
    public async Task<(ApplicationReceipt Receipt, bool Replayed)> ReceiveAsync(string installationId, InboundMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReceiveEpjMessage(installationId, message), cancellationToken);
                observers.Seen(installationId, message);
                return (result.Receipt, result.Replayed);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Lost the race to a concurrent copy (or a concurrent version); the next round sees its answer.
            }
        }
    }
}

/// <summary>Lets a running acceptance test see what an installation's journal sends the platform, so answers that come
/// later (receipts, outcomes) are verified instead of skipped. In memory: the journal's messages must reach this
/// instance (the acceptance API runs inside the host that receives them).</summary>
public sealed class EpjInboundObservers
{
    private readonly Lock gate = new();
    private readonly List<(string InstallationId, RecordingEpjPlatform Recorder)> watching = [];

    /// <summary>Records every message from <paramref name="installationId"/> until the result is disposed.</summary>
    public IDisposable Watch(string installationId, RecordingEpjPlatform recorder)
    {
        var entry = (installationId, recorder);
        lock (gate)
        {
            watching.Add(entry);
        }

        return new Unwatch(() =>
        {
            lock (gate)
            {
                watching.Remove(entry);
            }
        });
    }

    internal void Seen(string installationId, InboundMessage message)
    {
        List<RecordingEpjPlatform> recorders;
        lock (gate)
        {
            if (watching.Count == 0)
            {
                return;
            }

            recorders = [.. watching.Where(w => w.InstallationId == installationId).Select(w => w.Recorder)];
        }

        foreach (var recorder in recorders)
        {
            // Only records (and answers OK to nobody): the platform's own receipt was given above.
            _ = recorder.SendAsync(message, CancellationToken.None);
        }
    }

    private sealed class Unwatch(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

/// <summary>The platform as an in-process <see cref="IEpjPlatform"/> for one installation (the simulators, or a
/// vendor adapter hosted inside the platform).</summary>
public sealed class EpjInProcessPlatform(EpjInbound inbound, string installationId) : IEpjPlatform
{
    public async Task<ApplicationReceipt> SendAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return (await inbound.ReceiveAsync(installationId, message, cancellationToken)).Receipt;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What the HTTP route answers with a 500 (the database away, say): a transient refusal, so the journal
            // keeps the message and sends it again instead of giving up on it.
            return ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.Other, "The platform could not take the message just now; send it again."));
        }
    }
}
