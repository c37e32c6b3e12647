using DigiHelsestasjon.Identity.Persistence.Entities;

namespace DigiHelsestasjon.Identity.Features.WebSessions;

/// <summary>Logged-out web sessions, in the database so every host instance refuses a copied cookie, not only the one
/// that saw the logout. A row lives until the session's token would have expired; each logout sweeps the expired ones.</summary>
internal sealed class WebSessionHandlers(IdentityDbContext db, TimeProvider time) :
    IRequestHandler<EndWebSession, bool>,
    IRequestHandler<IsWebSessionEnded, bool>
{
    public async Task<bool> Handle(EndWebSession request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.EndedWebSessions.RemoveRange(await db.EndedWebSessions.Where(s => s.ExpiresAt < now).Take(100).ToListAsync(cancellationToken));
        if (!await db.EndedWebSessions.AnyAsync(s => s.Id == request.SessionId, cancellationToken))
        {
            db.EndedWebSessions.Add(new EndedWebSession { Id = request.SessionId, ExpiresAt = request.ExpiresAt.UtcDateTime });
        }

        return true;
    }

    public Task<bool> Handle(IsWebSessionEnded request, CancellationToken cancellationToken) =>
        db.EndedWebSessions.AsNoTracking().AnyAsync(s => s.Id == request.SessionId, cancellationToken);
}
