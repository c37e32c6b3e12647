namespace DigiHelsestasjon.ModuleName.Features.ListNotes;

using DigiHelsestasjon.ModuleName.Features.AddNote;

internal sealed record ListNotes(string Kommunenummer) : IQuery<IReadOnlyList<NoteView>>;

internal sealed class ListNotesHandler(ModuleNameDbContext db) : IRequestHandler<ListNotes, IReadOnlyList<NoteView>>
{
    public async Task<IReadOnlyList<NoteView>> Handle(ListNotes request, CancellationToken cancellationToken)
    {
        var notes = await db.Notes.AsNoTracking().Where(n => n.Kommunenummer == request.Kommunenummer).OrderByDescending(n => n.CreatedAt).Take(100).ToListAsync(cancellationToken);
        return [.. notes.Select(NoteViews.Of)];
    }
}

internal static class ListNotesEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapGet("/notes", async Task<Ok<IReadOnlyList<NoteView>>> (string kommunenummer, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListNotes(kommunenummer), ct)));
}
