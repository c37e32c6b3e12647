using DigiHelsestasjon.Notifications.Persistence.Entities;

namespace DigiHelsestasjon.Notifications.Features.Preferences;

using DigiHelsestasjon.Notifications.Features.Planning;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Notifications.Features.Templates;

/// <param name="Channel">sms or email.</param>
/// <param name="Language">nb (bokmål) or nn (nynorsk).</param>
/// <param name="Reminders">False: no reminders before appointments.</param>
/// <param name="Mandatory">The notices that are sent whatever this says (only their channel follows it).</param>
public sealed record PreferencesResponse(string Channel, string Language, bool Reminders, IReadOnlyList<string> Mandatory);

public sealed record PreferencesBody(string? Channel, string? Language, bool? Reminders);

internal sealed record GetPreferences(Guid PersonId) : IQuery<PreferencesResponse>;

internal sealed record SetPreferences(Guid PersonId, PreferencesBody Body) : ICommand<PreferencesResponse>;

internal sealed class SetPreferencesValidator : IValidator<SetPreferences>
{
    public IEnumerable<ValidationFailure> Validate(SetPreferences request)
    {
        if (request.Body.Channel is { } channel && !NoticeChannels.All.Contains(channel))
        {
            yield return new ValidationFailure("channel", "sms or email.");
        }

        if (request.Body.Language is { } language && !NoticeTemplates.Languages.Contains(language))
        {
            yield return new ValidationFailure("language", "nb (bokmål) or nn (nynorsk).");
        }
    }
}

internal sealed class PreferencesHandler(NotificationsDbContext db, TimeProvider time, IOptions<NotificationsOptions> options)
    : IRequestHandler<GetPreferences, PreferencesResponse>, IRequestHandler<SetPreferences, PreferencesResponse>
{
    public async Task<PreferencesResponse> Handle(GetPreferences request, CancellationToken cancellationToken) =>
        Response(await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == request.PersonId, cancellationToken));

    public async Task<PreferencesResponse> Handle(SetPreferences request, CancellationToken cancellationToken)
    {
        var preference = await db.Preferences.FirstOrDefaultAsync(p => p.PersonId == request.PersonId, cancellationToken);
        if (preference is null)
        {
            // A double submit of the first save: one row wins, and this one changes it.
            var first = new Preference { PersonId = request.PersonId, Channel = options.Value.DefaultChannel };
            preference = await db.InsertIfAbsentAsync(first, cancellationToken)
                ? first
                : await db.Preferences.FirstAsync(p => p.PersonId == request.PersonId, cancellationToken);
        }

        preference.Channel = request.Body.Channel ?? preference.Channel;
        preference.Language = request.Body.Language ?? preference.Language;
        preference.Reminders = request.Body.Reminders ?? preference.Reminders;
        preference.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return Response(preference);
    }

    private PreferencesResponse Response(Preference? preference) =>
        new(preference?.Channel ?? options.Value.DefaultChannel, preference?.Language ?? "nb", preference?.Reminders ?? true, NoticeKinds.Mandatory);
}

internal static class PreferencesEndpoints
{
    public static void Map(IEndpointRouteBuilder me)
    {
        me.MapGet("/notification-preferences", async Task<Results<Ok<PreferencesResponse>, NotFound>> (HttpContext http, IMediator mediator, CancellationToken ct) =>
            await PersonAsync(http, mediator, ct) is { } person ? TypedResults.Ok(await mediator.Send(new GetPreferences(person), ct)) : TypedResults.NotFound());
        me.MapPut("/notification-preferences", async Task<Results<Ok<PreferencesResponse>, NotFound>> (PreferencesBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            await PersonAsync(http, mediator, ct) is { } person
                ? TypedResults.Ok(await mediator.Send(new SetPreferences(person, body ?? new(null, null, null)), ct))
                : TypedResults.NotFound());
    }

    /// <summary>The logged-in person's opaque id (the person exists once they have logged in and been looked up).</summary>
    private static async Task<Guid?> PersonAsync(HttpContext http, IMediator mediator, CancellationToken ct) =>
        PlatformClaims.Pid(http.User) is { } pid ? await mediator.Send(new ResolvePersonId(pid), ct) : null;
}
