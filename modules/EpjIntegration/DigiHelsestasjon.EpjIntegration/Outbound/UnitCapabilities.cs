using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using MediatR;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>What a unit's journal declares it takes, for the modules that check input against it before accepting
/// (attachment types and sizes): the same negotiation the delivery does, asked once per connection.</summary>
internal sealed class GetUnitEpjCapabilitiesHandler(IMediator mediator, EpjConnectorFactory connectors, ILogger<GetUnitEpjCapabilitiesHandler> logger) : IRequestHandler<GetUnitEpjCapabilities, UnitEpjCapabilities?>
{
    /// <summary>As long as the SDK's default limit of a synchronous call.</summary>
    public static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(5);

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
            // A person waits on this (a file being attached): a silent journal is "unreachable" after a few seconds, not
            // after the HTTP client's 100. The handshake itself goes on, and its answer is kept for the next one.
            capabilities = await connectors.CapabilitiesAsync(unit.Epj, cancellationToken).WaitAsync(HandshakeLimit, cancellationToken);
        }
        catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException)
        {
            logger.LogInformation("The journal of unit {UnitId} did not answer the capability handshake: {Error}", request.UnitId, exception.Message);
            return new UnitEpjCapabilities(Reachable: false, false, [], 0);
        }

        return new UnitEpjCapabilities(Reachable: true, capabilities.Supports(EpjProcess.CitizenMessage), capabilities.AttachmentContentTypes, capabilities.MaxPayloadBytes,
            capabilities.Supports(EpjProcess.YouthChatTranscript));
    }
}
