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

        // Checked when the booking was made, against the same handshake this host keeps; a retry after the connection was
        // set up again (a new handshake: another installation, a restart) may meet an older contract, which would drop it unseen.
        if (reservation.Note is not null && !EpjContract.UnderstandsBookingNote(context.Capabilities.ContractVersions))
        {
            return EpjDeliveryOutcome.Refused("Journalen tar ikke lenger imot hva timen gjelder. Bestill igjen uten å skrive det.");
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
                Note = reservation.Note,
            },
            cancellationToken);
    }
}
