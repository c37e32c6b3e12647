using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using MediatR;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>What a unit's journal declares it takes, for the modules that check input against it before accepting
/// (attachment types and sizes): the same negotiation the delivery does, asked once per connection.</summary>
internal sealed class GetUnitEpjCapabilitiesHandler(IMediator mediator, EpjConnectorFactory connectors) : IRequestHandler<GetUnitEpjCapabilities, UnitEpjCapabilities?>
{
    public async Task<UnitEpjCapabilities?> Handle(GetUnitEpjCapabilities request, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(request.UnitId), cancellationToken);
        if (unit?.Epj is null)
        {
            return null;
        }

        EpjCapabilities capabilities;
        try
        {
            capabilities = await connectors.CapabilitiesAsync(unit.Epj, cancellationToken);
        }
        catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException)
        {
            throw new EpjUnavailableException("The unit's journal did not answer the capability handshake.", exception);
        }

        return new UnitEpjCapabilities(capabilities.Supports(EpjProcess.CitizenMessage), capabilities.AttachmentContentTypes, capabilities.MaxPayloadBytes);
    }
}
