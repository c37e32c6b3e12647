namespace DigiHelsestasjon.YouthChat.Features.ListChatUnits;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="OpenNow">Whether a youth can start a conversation now.</param>
/// <param name="OpensAt">When it next opens, if closed now.</param>
/// <param name="Phone">The unit's phone number, if it has one: a youth the chat cannot take now can call it instead.</param>
/// <param name="RetentionHours">How long after it ends a conversation is kept before it is deleted (the municipality's
/// rule): told to the youth before she starts.</param>
public sealed record ChatUnit(
    Guid UnitId, string Name, string Type, bool OpenNow, DateTimeOffset? OpensAt, IReadOnlyList<OpeningHours> OpeningHours, string? Phone, int RetentionHours);

internal sealed record ListChatUnits(string Kommunenummer) : IQuery<IReadOnlyList<ChatUnit>>;

/// <summary>The units of a municipality a youth can chat with, and whether each is open now. Public: no login, nothing personal.</summary>
internal sealed class ListChatUnitsHandler(IMediator mediator, TimeProvider time) : IRequestHandler<ListChatUnits, IReadOnlyList<ChatUnit>>
{
    public async Task<IReadOnlyList<ChatUnit>> Handle(ListChatUnits request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await mediator.Send(new GetMunicipalityChatSettings(request.Kommunenummer), cancellationToken))
            .Where(u => u.Enabled)
            .Select(u =>
            {
                var open = ChatHours.IsOpen(u.OpeningHours, now);
                return new ChatUnit(u.UnitId, u.Name, u.Type, open, open ? null : ChatHours.NextOpening(u.OpeningHours, now), u.OpeningHours, u.Phone, u.RetentionHours);
            })
            .ToList();
    }
}

internal static class ListChatUnitsEndpoint
{
    public static void Map(IEndpointRouteBuilder chat) =>
        chat.MapGet("/units", async Task<Ok<IReadOnlyList<ChatUnit>>> (string? municipality, IMediator mediator, CancellationToken ct) =>
            municipality is not { Length: 4 } || !municipality.All(char.IsAsciiDigit)
                ? throw ValidationException.For("municipality", "The kommunenummer whose units to list, for example ?municipality=9901.")
                : TypedResults.Ok(await mediator.Send(new ListChatUnits(municipality), ct)));
}
