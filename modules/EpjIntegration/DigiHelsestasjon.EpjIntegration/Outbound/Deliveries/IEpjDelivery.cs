using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using MediatR;

namespace DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;

/// <summary>One kind of outbound item (<see cref="EpjDeliveryKinds"/>): what it needs of the journal, and how it goes. The
/// delivery queue claims, checks the connection and records the outcome; a kind only turns its payload into a call.</summary>
internal interface IEpjDelivery
{
    string Kind { get; }

    /// <summary>The journal's acknowledgement, or a refusal that fails the item (it can never go as it is).</summary>
    Task<EpjDeliveryOutcome> DeliverAsync(EpjDeliveryContext context, CancellationToken cancellationToken);
}

/// <summary>Either the journal's acknowledgement or why the item cannot be delivered (with the EPJ error code, if any).</summary>
internal sealed record EpjDeliveryOutcome(EpjAcknowledgement? Acknowledgement, string? Refusal = null, string? ErrorCode = null)
{
    public static EpjDeliveryOutcome Refused(string reason, string? errorCode = null) => new(null, reason, errorCode);

    public static implicit operator EpjDeliveryOutcome(EpjAcknowledgement acknowledgement) => new(acknowledgement);
}

/// <summary>What a delivery works with: the item, its unit, the journal's declared capabilities and its connector.</summary>
internal sealed record EpjDeliveryContext(EpjItem Item, UnitInfo Unit, EpjCapabilities Capabilities, IEpjConnector Connector, IMediator Mediator)
{
    /// <summary>The patient's fødselsnummer, or null when the platform knows no such person (the item then fails as such).</summary>
    public Task<string?> PidAsync(Guid personId, CancellationToken cancellationToken) => Mediator.Send(new GetPersonPid(personId), cancellationToken);

    /// <summary>The person who acted for the patient (a parent or proxy), as the journal records them; null when the patient
    /// acted, or when the item was written before the actor was carried.</summary>
    public async Task<ActingPerson?> ActingAsync(string relation, Guid? actorPersonId, string? name, CancellationToken cancellationToken)
    {
        if (relation == "self" || actorPersonId is not { } actor || await Mediator.Send(new GetPersonPid(actor), cancellationToken) is not { } pid)
        {
            return null;
        }

        return new ActingPerson { Pid = pid, Name = name ?? await Mediator.Send(new GetPersonName(actor), cancellationToken) ?? "" };
    }

    public static EpjDeliveryOutcome UnknownPatient => EpjDeliveryOutcome.Refused("The platform knows no such person.", EpjErrorCodes.UnknownPatient);
}
