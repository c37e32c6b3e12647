using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.SetAppointmentInformation;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;

public sealed record AppointmentInformationBody(string? Text);

internal sealed record SetAppointmentInformation(string Kommunenummer, string Match, string Text) : ICommand<AppointmentInformationText>;

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
        text.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return new AppointmentInformationText(text.Match, text.Text, text.Kommunenummer);
    }
}

internal static class SetAppointmentInformationEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapPut("/appointment-information/{match}", async Task<Ok<AppointmentInformationText>> (
            string kommunenummer, string match, AppointmentInformationBody body, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct) =>
        {
            var text = await mediator.Send(new SetAppointmentInformation(kommunenummer, match, body?.Text ?? ""), ct);
            catalog.Forget(kommunenummer);
            return TypedResults.Ok(text);
        });
}
