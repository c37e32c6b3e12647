using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.SetAppointmentInformation;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;

/// <param name="Text">Bokmål.</param>
/// <param name="TextNynorsk">Nynorsk; left out or empty: nynorsk readers get the bokmål text.</param>
public sealed record AppointmentInformationBody(string? Text, string? TextNynorsk = null);

internal sealed record SetAppointmentInformation(string Kommunenummer, string Match, string Text, string? TextNynorsk = null) : ICommand<AppointmentInformationText>;

internal sealed class SetAppointmentInformationValidator : IValidator<SetAppointmentInformation>
{
    public IEnumerable<ValidationFailure> Validate(SetAppointmentInformation request)
    {
        if (string.IsNullOrWhiteSpace(request.Match) || request.Match.Length > 100)
        {
            yield return new ValidationFailure("match", "A word of 1-100 characters that the appointment type contains, for example \"vaksin\".");
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 2000)
        {
            yield return new ValidationFailure("text", "The text, in bokmål, 1-2000 characters.");
        }

        if (request.TextNynorsk is { Length: > 2000 })
        {
            yield return new ValidationFailure("textNynorsk", "The text in nynorsk, at most 2000 characters (or none).");
        }
    }
}

internal sealed class SetAppointmentInformationHandler(CalendarDbContext db, TimeProvider time) : IRequestHandler<SetAppointmentInformation, AppointmentInformationText>
{
    public async Task<AppointmentInformationText> Handle(SetAppointmentInformation request, CancellationToken cancellationToken)
    {
        var match = request.Match.Trim().ToLowerInvariant();
        var text = await db.InformationTexts.FirstOrDefaultAsync(t => t.Kommunenummer == request.Kommunenummer && t.Match == match, cancellationToken);
        if (text is null)
        {
            text = new InformationText { Id = Guid.NewGuid(), Kommunenummer = request.Kommunenummer, Match = match };
            db.InformationTexts.Add(text);
        }

        text.Text = request.Text.Trim();
        text.TextNynorsk = string.IsNullOrWhiteSpace(request.TextNynorsk) ? null : request.TextNynorsk.Trim();
        text.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return new AppointmentInformationText(text.Match, text.Text, text.Kommunenummer, text.TextNynorsk, AppointmentInformationCatalog.KindOf(text.Match));
    }
}

internal static class SetAppointmentInformationEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapPut("/appointment-information/{match}", async Task<Ok<AppointmentInformationText>> (
            string kommunenummer, string match, AppointmentInformationBody body, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct) =>
        {
            var text = await mediator.Send(new SetAppointmentInformation(kommunenummer, match, body?.Text ?? "", body?.TextNynorsk), ct);
            catalog.Forget(kommunenummer);
            return TypedResults.Ok(text);
        });
}
