using DigiHelsestasjon.ModuleName.Persistence.Entities;

namespace DigiHelsestasjon.ModuleName.Features.AddNote;

public sealed record NoteBody(string? Text);

public sealed record NoteView(Guid NoteId, string Text, DateTimeOffset CreatedAt);

internal sealed record AddNote(string Kommunenummer, string Text) : ICommand<NoteView>;

internal sealed class AddNoteValidator : IValidator<AddNote>
{
    public IEnumerable<ValidationFailure> Validate(AddNote request)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 2000)
        {
            yield return new ValidationFailure("text", "The note, 1-2000 characters.");
        }
    }
}

/// <summary>The command's transaction (the pipeline's) commits the note and its event together.</summary>
internal sealed class AddNoteHandler(ModuleNameDbContext db, TimeProvider time) : IRequestHandler<AddNote, NoteView>
{
    public Task<NoteView> Handle(AddNote request, CancellationToken cancellationToken)
    {
        var note = new Note { Id = Guid.NewGuid(), Kommunenummer = request.Kommunenummer, Text = request.Text.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Notes.Add(note);
        db.AddIntegrationEvent(new NoteAdded(note.Id, note.Kommunenummer));
        return Task.FromResult(NoteViews.Of(note));
    }
}

internal static class NoteViews
{
    public static NoteView Of(Note note) => new(note.Id, note.Text, new DateTimeOffset(note.CreatedAt, TimeSpan.Zero));
}

internal static class AddNoteEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapPost("/notes", async Task<Created<NoteView>> (string kommunenummer, NoteBody? body, IMediator mediator, CancellationToken ct) =>
        {
            var note = await mediator.Send(new AddNote(kommunenummer, body?.Text ?? ""), ct);
            return TypedResults.Created($"/api/v1/admin/municipalities/{kommunenummer}/modulename/notes/{note.NoteId}", note);
        });
}
