using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>Free slots, asked of the unit's journal while the citizen waits, within its declared time limit.</summary>
internal sealed class GetEpjFreeSlotsHandler(IMediator mediator, EpjConnectorFactory connectors, ILogger<GetEpjFreeSlotsHandler> logger) : IRequestHandler<GetEpjFreeSlots, EpjFreeSlots>
{
    public async Task<EpjFreeSlots> Handle(GetEpjFreeSlots request, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(request.UnitId), cancellationToken);

        // A journal still in test is not offered to citizens (issue 29): nothing of theirs goes there until it is promoted.
        if (unit?.Epj is null || unit.Epj.Environment == EpjEnvironments.Test)
        {
            return new EpjFreeSlots(false, true, []);
        }

        try
        {
            var capabilities = await connectors.CapabilitiesAsync(unit.Epj, cancellationToken);
            if (!capabilities.Supports(EpjProcess.FreeSlots) || connectors.Create(unit.Epj) is not IEpjSlotBooking booking)
            {
                return new EpjFreeSlots(false, true, []);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(capabilities.SynchronousTimeLimitMs);
            var slots = await booking.GetFreeSlotsAsync(unit.HerId, request.From, request.To, limit.Token);
            return new EpjFreeSlots(true, true, [.. slots
                .Where(s => s.UnitHerId == unit.HerId && s.Start >= request.From && s.Start < request.To && s.End > s.Start && !string.IsNullOrEmpty(s.SlotId))
                .OrderBy(s => s.Start)
                .Select(s => new EpjFreeSlot(s.SlotId, unit.UnitId, s.Start, s.End, s.AppointmentType))], EpjContract.UnderstandsBookingNote(capabilities.ContractVersions));
        }
        catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("The journal of unit {UnitId} did not answer free slots: {Error}", request.UnitId, exception.Message);
            return new EpjFreeSlots(true, false, []);
        }
    }
}

/// <summary>Saves the reservation as an outbound item (scheduled a little later, so the delivery queue leaves it to this call),
/// then delivers it now. A lost answer leaves the item pending: the queue retries it with the same MessageId, and the
/// booking follows its state changes. Two steps, two units of work: no transaction is held while the journal answers.</summary>
internal sealed class ReserveEpjSlotHandler(IMediator mediator, EpjDbContext db, UnitOfWork unitOfWork, EpjDeliveryQueue queue, TimeProvider time)
    : IRequestHandler<ReserveEpjSlot, EpjReservationAnswer>
{
    private static readonly TimeSpan LeftToThisCall = TimeSpan.FromMinutes(1);

    public async Task<EpjReservationAnswer> Handle(ReserveEpjSlot request, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Direction == EpjItem.Outbound && i.MessageId == request.MessageId, cancellationToken);
        if (item is null)
        {
            item = await unitOfWork.ExecuteAsync(
                async () =>
                {
                    var payload = new EpjSlotReservationRequested(request.MessageId, request.UnitId, request.PatientPersonId, request.EpjSlotId, request.RequestedByRelation, request.RequestedByPersonId, request.Note);
                    var created = await OutboundItems.CreateAsync(mediator, time, EpjDeliveryKinds.SlotReservation, request.MessageId, request.UnitId, OutboundItems.Payload(payload, time), cancellationToken);
                    created.NextAttemptAt = time.GetUtcNow().UtcDateTime + LeftToThisCall;

                    // A double tap sends the same reservation at once: the message id is unique, so one item is saved and both go
                    // on with it. The journal answers one message id once, however often it is delivered.
                    return await db.InsertIfAbsentAsync(created, cancellationToken)
                        ? created
                        : await db.Items.AsNoTracking().SingleAsync(i => i.Direction == EpjItem.Outbound && i.MessageId == request.MessageId, cancellationToken);
                },
                cancellationToken);
            db.ChangeTracker.Clear();
        }

        if (item.State == EpjItemStates.Pending)
        {
            await queue.DeliverAsync(item.Id, cancellationToken);
            item = await db.Items.AsNoTracking().SingleAsync(i => i.Id == item.Id, cancellationToken);
        }

        return new EpjReservationAnswer(
            item.State, item.ErrorCodes?.Split(',').Contains(EpjErrorCodes.SlotNotAvailable) == true,
            item.State == EpjItemStates.Journaled ? item.DocumentReference : null, item.Reason);
    }
}

/// <summary>Vaccinations or test results from the journals of the given units: each connection asked once, only where it
/// declares the process, within its time limit. The answer is not stored.</summary>
internal sealed class GetEpjHealthRecordsHandler(IMediator mediator, EpjConnectorFactory connectors, ILogger<GetEpjHealthRecordsHandler> logger) : IRequestHandler<GetEpjHealthRecords, EpjHealthRecords>
{
    public async Task<EpjHealthRecords> Handle(GetEpjHealthRecords request, CancellationToken cancellationToken)
    {
        var process = request.Kind == EpjSelfServiceKinds.Vaccinations ? EpjProcess.Vaccinations : EpjProcess.TestResults;
        var units = await mediator.Send(new GetUnits(request.UnitIds), cancellationToken);
        var pid = await mediator.Send(new GetPersonPid(request.PersonId), cancellationToken);
        if (pid is null)
        {
            return new EpjHealthRecords([], []);
        }

        var entries = new List<EpjHealthRecord>();
        var unreachable = new List<Guid>();
        // A journal still in test is never asked about a live citizen: the question itself carries the fødselsnummer.
        foreach (var journal in units.Values.Where(u => u.Epj is not null && u.Epj.Environment != EpjEnvironments.Test).GroupBy(u => u.Epj!))
        {
            try
            {
                var capabilities = await connectors.CapabilitiesAsync(journal.Key, cancellationToken);
                if (!capabilities.Supports(process) || connectors.Create(journal.Key) is not IEpjHealthRecords records)
                {
                    continue;
                }

                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(capabilities.SynchronousTimeLimitMs);
                var answered = process == EpjProcess.Vaccinations
                    ? await records.GetVaccinationsAsync(pid, limit.Token)
                    : await records.GetTestResultsAsync(pid, limit.Token);
                // An entry id is unique within one journal; two journals may use the same one.
                foreach (var entry in answered.Where(e => !string.IsNullOrEmpty(e.EntryId)).DistinctBy(e => e.EntryId))
                {
                    // Only a unit this installation serves is named; anything else stays "the journal".
                    var unit = entry.UnitHerId is { Length: > 0 } her ? await mediator.Send(new FindUnitByHerId(her), cancellationToken) : null;
                    unit = unit?.Epj?.InstallationId == journal.Key.InstallationId ? unit : null;
                    entries.Add(new EpjHealthRecord(entry.EntryId, entry.Name, entry.Code, entry.At, entry.Result, unit?.UnitId, unit?.Name, unit?.Type, entry.ExemptFromParentalAccess));
                }
            }
            catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("A journal ({Vendor}) did not answer {Kind}: {Error}", journal.Key.Vendor, request.Kind, exception.Message);
                unreachable.AddRange(journal.Select(u => u.UnitId));
            }
        }

        return new EpjHealthRecords(entries, unreachable);
    }
}
