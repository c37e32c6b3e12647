namespace DigiHelsestasjon.Calendar.Features.ListAppointmentInformation;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;

internal sealed record ListAppointmentInformation(string Kommunenummer) : IQuery<IReadOnlyList<AppointmentInformationText>>;

internal sealed class ListAppointmentInformationHandler(AppointmentInformationCatalog catalog) : IRequestHandler<ListAppointmentInformation, IReadOnlyList<AppointmentInformationText>>
{
    public Task<IReadOnlyList<AppointmentInformationText>> Handle(ListAppointmentInformation request, CancellationToken cancellationToken) =>
        catalog.BothFormsAsync(request.Kommunenummer, cancellationToken);
}

internal static class ListAppointmentInformationEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapGet("/appointment-information", async Task<Ok<IReadOnlyList<AppointmentInformationText>>> (string kommunenummer, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListAppointmentInformation(kommunenummer), ct)));
}
