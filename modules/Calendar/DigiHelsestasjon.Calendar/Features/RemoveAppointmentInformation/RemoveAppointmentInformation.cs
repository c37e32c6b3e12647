namespace DigiHelsestasjon.Calendar.Features.RemoveAppointmentInformation;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;

internal sealed record RemoveAppointmentInformation(string Kommunenummer, string Match) : ICommand<bool>;

internal sealed class RemoveAppointmentInformationHandler(CalendarDbContext db) : IRequestHandler<RemoveAppointmentInformation, bool>
{
    public async Task<bool> Handle(RemoveAppointmentInformation request, CancellationToken cancellationToken)
    {
        var match = request.Match.Trim().ToLowerInvariant();
        var text = await db.InformationTexts.FirstOrDefaultAsync(t => t.Kommunenummer == request.Kommunenummer && t.Match == match, cancellationToken)
            ?? throw new NotFoundException("appointment information");
        db.InformationTexts.Remove(text);
        return true;
    }
}

internal static class RemoveAppointmentInformationEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapDelete("/appointment-information/{match}", async Task<NoContent> (string kommunenummer, string match, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct) =>
        {
            await mediator.Send(new RemoveAppointmentInformation(kommunenummer, match), ct);
            catalog.Forget(kommunenummer);
            return TypedResults.NoContent();
        });
}
