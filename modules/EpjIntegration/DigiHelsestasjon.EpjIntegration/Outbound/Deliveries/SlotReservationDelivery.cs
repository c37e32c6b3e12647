using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;

namespace DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;

/// <summary>A self-booked time, reserved in the journal's own calendar.</summary>
internal sealed class SlotReservationDelivery : IEpjDelivery
{
    public string Kind => EpjDeliveryKinds.SlotReservation;

    public async Task<EpjDeliveryOutcome> DeliverAsync(EpjDeliveryContext context, CancellationToken cancellationToken)
    {
        var reservation = JsonSerializer.Deserialize<EpjSlotReservationRequested>(context.Item.Payload)!;
        if (!context.Capabilities.Supports(EpjProcess.SlotReservation) || context.Connector is not IEpjSlotBooking booking)
        {
            return EpjDeliveryOutcome.Refused("The journal does not take slot reservations.");
        }

        if (await context.PidAsync(reservation.PatientPersonId, cancellationToken) is not { } pid)
        {
            return EpjDeliveryContext.UnknownPatient;
        }

        return await booking.ReserveSlotAsync(
            new SlotReservation
            {
                MessageId = reservation.MessageId, SlotId = reservation.EpjSlotId, PatientPid = pid, RequestedByRelation = reservation.RequestedByRelation,
                RequestedBy = await context.ActingAsync(reservation.RequestedByRelation, reservation.RequestedByPersonId, null, cancellationToken),
            },
            cancellationToken);
    }
}
