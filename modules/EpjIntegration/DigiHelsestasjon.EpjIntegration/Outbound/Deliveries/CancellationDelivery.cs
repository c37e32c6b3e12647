using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;

namespace DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;

/// <summary>A cancellation (or a move's cancellation of the old time), with the municipality's rule on staff approval.</summary>
internal sealed class CancellationDelivery : IEpjDelivery
{
    public string Kind => EpjDeliveryKinds.Cancellation;

    public async Task<EpjDeliveryOutcome> DeliverAsync(EpjDeliveryContext context, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<EpjCancellationRequested>(context.Item.Payload)!;
        var versions = context.Capabilities.ContractVersions;
        if (request.RequiresApproval && context.Capabilities.CancellationMode == CancellationMode.Immediate && !EpjContract.UnderstandsRequiresApproval(versions))
        {
            // A 1.0 journal ignores RequiresApproval and would cancel at once, against the municipality's rule that staff
            // decide. Better the citizen is told to call than the rule silently broken.
            return EpjDeliveryOutcome.Refused(
                $"The journal speaks contract {string.Join(", ", versions)} and would cancel at once; the municipality wants staff to decide (contract {EpjContract.RequiresApprovalVersion} needed).");
        }

        if (await context.PidAsync(request.PatientPersonId, cancellationToken) is not { } pid)
        {
            return EpjDeliveryContext.UnknownPatient;
        }

        return await context.Connector.RequestCancellationAsync(
            new CancellationRequest
            {
                MessageId = request.MessageId, AppointmentId = request.EpjAppointmentId, PatientPid = pid, UnitHerId = context.Unit.HerId,
                Reason = request.Reason, RequestedByRelation = request.RequestedByRelation, RequestedAt = request.OccurredAt,
                RequiresApproval = request.RequiresApproval, AppointmentStart = request.AppointmentStart, AppointmentEnd = request.AppointmentEnd,
                RequestedBy = await context.ActingAsync(request.RequestedByRelation, request.RequestedByPersonId, null, cancellationToken),
            },
            cancellationToken);
    }
}
