namespace DigiHelsestasjon.Identity.Features.EndPowerOfAttorney;

using DigiHelsestasjon.Identity.Features.PowersOfAttorney;

/// <summary>Either side ends a power of attorney.</summary>
internal sealed record EndPowerOfAttorney(string Pid, Guid Id) : ICommand<PowerOfAttorneyResponse>;

internal sealed class EndPowerOfAttorneyHandler(IdentityDbContext db, TimeProvider time) : IRequestHandler<EndPowerOfAttorney, PowerOfAttorneyResponse>
{
    public async Task<PowerOfAttorneyResponse> Handle(EndPowerOfAttorney request, CancellationToken cancellationToken)
    {
        var me = await db.Persons.FirstOrDefaultAsync(p => p.Pid == request.Pid, cancellationToken);
        var fullmakt = me is null ? null : await db.PowersOfAttorney.FirstOrDefaultAsync(f => f.Id == request.Id && (f.GiverId == me.Id || f.ReceiverId == me.Id), cancellationToken);
        if (me is null || fullmakt is null)
        {
            throw new NotFoundException("power of attorney");
        }

        if (fullmakt.EndedAt is not null)
        {
            throw new PlatformProblemException(409, "fullmakt-ended", "This power of attorney has already been ended.", $"It was ended at {fullmakt.EndedAt:u}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        fullmakt.EndedAt = now;
        fullmakt.EndedBy = me.Id;
        var giver = await db.Persons.FirstAsync(p => p.Id == fullmakt.GiverId, cancellationToken);
        var receiver = await db.Persons.FirstAsync(p => p.Id == fullmakt.ReceiverId, cancellationToken);
        return PowerOfAttorneyMapping.ToResponse(fullmakt, giver, receiver, me.Id, now);
    }
}
