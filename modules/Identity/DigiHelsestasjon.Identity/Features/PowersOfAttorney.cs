using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Features;

public sealed record GrantPowerOfAttorneyBody(string? ReceiverPid, IReadOnlyList<string>? Scopes, DateTimeOffset? ValidTo);

public sealed record PowerOfAttorneyResponse(
    Guid Id, string Direction, Guid GiverId, string GiverName, Guid ReceiverId, string ReceiverName, IReadOnlyList<string> Scopes,
    DateTimeOffset GrantedAt, DateTimeOffset? ValidTo, DateTimeOffset? EndedAt, bool InForce);

/// <summary>A youth from 16 (or an adult) lets an adult from 18 act for them within the scopes.</summary>
internal sealed record GrantPowerOfAttorney(string GiverPid, string? ReceiverPid, IReadOnlyList<string>? Scopes, DateTimeOffset? ValidTo)
    : ICommand<PowerOfAttorneyResponse>;

internal sealed class GrantPowerOfAttorneyValidator(TimeProvider time) : IValidator<GrantPowerOfAttorney>
{
    public IEnumerable<ValidationFailure> Validate(GrantPowerOfAttorney request)
    {
        if (Fodselsnummer.Problem(request.ReceiverPid) is { } problem)
        {
            yield return new ValidationFailure("receiverPid", $"The receiver's fødselsnummer or D-number {problem}.");
        }

        if (request.Scopes is not { Count: > 0 })
        {
            yield return new ValidationFailure("scopes", $"Give at least one of: {string.Join(", ", Permissions.Delegable)}.");
        }
        else if (request.Scopes.Except(Permissions.Delegable).ToList() is { Count: > 0 } unknown)
        {
            yield return new ValidationFailure("scopes", $"Not delegable: {string.Join(", ", unknown)}. Use: {string.Join(", ", Permissions.Delegable)}.");
        }

        if (request.ValidTo is { } validTo && validTo <= time.GetUtcNow())
        {
            yield return new ValidationFailure("validTo", "Must be in the future.");
        }
    }
}

internal sealed class GrantPowerOfAttorneyHandler(Representations representations, IdentityDbContext db, TimeProvider time)
    : IRequestHandler<GrantPowerOfAttorney, PowerOfAttorneyResponse>
{
    public async Task<PowerOfAttorneyResponse> Handle(GrantPowerOfAttorney request, CancellationToken cancellationToken)
    {
        var giverRecord = await representations.LookupAsync(request.GiverPid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var receiverRecord = await representations.LookupAsync(request.ReceiverPid!, cancellationToken);

        // Unknown and protected receivers get the same answer: never reveal a protected address.
        if (receiverRecord is null || receiverRecord.ProtectedAddress || giverRecord.ProtectedAddress)
        {
            throw new PlatformProblemException(422, "unknown-person", "The receiver cannot be given a power of attorney.", "No person who can receive a power of attorney has that number.");
        }

        if (receiverRecord.Pid == giverRecord.Pid)
        {
            throw ValidationException.For("receiverPid", "You cannot give a power of attorney to yourself.");
        }

        var today = representations.Today;
        if (Age.On(giverRecord.BirthDate, today) < RepresentationRules.FullmaktGiverFrom)
        {
            throw new PlatformProblemException(422, "giver-too-young", "You must be at least 16 to give a power of attorney.");
        }

        if (Age.On(receiverRecord.BirthDate, today) < RepresentationRules.FullmaktReceiverFrom)
        {
            throw new PlatformProblemException(422, "receiver-too-young", "The receiver must be at least 18.");
        }

        var giver = await representations.EnsurePersonAsync(giverRecord, cancellationToken);
        var receiver = await representations.EnsurePersonAsync(receiverRecord, cancellationToken);
        var fullmakt = new PowerOfAttorney
        {
            Id = Guid.NewGuid(),
            GiverId = giver.Id,
            ReceiverId = receiver.Id,
            Scopes = string.Join(' ', request.Scopes!.Distinct()),
            GrantedAt = time.GetUtcNow().UtcDateTime,
            ValidTo = request.ValidTo?.UtcDateTime,
        };
        db.PowersOfAttorney.Add(fullmakt);
        return PowerOfAttorneyMapping.ToResponse(fullmakt, giver, receiver, giver.Id, time.GetUtcNow().UtcDateTime);
    }
}

internal sealed record ListPowersOfAttorney(string Pid) : IQuery<IReadOnlyList<PowerOfAttorneyResponse>>;

internal sealed class ListPowersOfAttorneyHandler(IdentityDbContext db, TimeProvider time)
    : IRequestHandler<ListPowersOfAttorney, IReadOnlyList<PowerOfAttorneyResponse>>
{
    public async Task<IReadOnlyList<PowerOfAttorneyResponse>> Handle(ListPowersOfAttorney request, CancellationToken cancellationToken)
    {
        var me = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Pid == request.Pid, cancellationToken);
        if (me is null)
        {
            return [];
        }

        var rows = await db.PowersOfAttorney.AsNoTracking().Where(f => f.GiverId == me.Id || f.ReceiverId == me.Id).ToListAsync(cancellationToken);
        var ids = rows.SelectMany(f => new[] { f.GiverId, f.ReceiverId }).Distinct().ToList();
        var people = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return rows.OrderByDescending(f => f.GrantedAt)
            .Select(f => PowerOfAttorneyMapping.ToResponse(f, people[f.GiverId], people[f.ReceiverId], me.Id, now))
            .ToList();
    }
}

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

internal static class PowerOfAttorneyMapping
{
    public static PowerOfAttorneyResponse ToResponse(PowerOfAttorney f, Person giver, Person receiver, Guid me, DateTime now) => new(
        f.Id,
        f.GiverId == me ? "given" : "received",
        giver.Id,
        giver.Name,
        receiver.Id,
        receiver.Name,
        f.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Utc(f.GrantedAt),
        f.ValidTo is { } to ? Utc(to) : null,
        f.EndedAt is { } ended ? Utc(ended) : null,
        f.InForce(now));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
