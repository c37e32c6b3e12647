using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Features;

public sealed record GrantPowerOfAttorneyBody(string? ReceiverPid, IReadOnlyList<string>? Scopes, DateTimeOffset? ValidTo);

/// <summary>A power of attorney as one side sees it. The giver never sees the receiver's name or id: the
/// giver typed a number, and answering with a name would tell anyone who exists behind any number
/// (there is no accept flow yet, so the receiver's details are never shown to the giver).</summary>
public sealed record PowerOfAttorneyResponse(
    Guid Id, string Direction, Guid GiverId, string GiverName, Guid? ReceiverId, string? ReceiverName, IReadOnlyList<string> Scopes,
    DateTimeOffset GrantedAt, DateTimeOffset? ValidTo, DateTimeOffset? EndedAt, bool InForce);

/// <summary>The same answer whoever the number belongs to (nobody, a child, a protected address, an
/// adult): the grant endpoint must not tell whether a number exists or how old its person is.</summary>
public sealed record PowerOfAttorneyGrantReceipt(string Status, string Message, IReadOnlyList<string> Scopes, DateTimeOffset? ValidTo);

/// <summary>A youth from 16 (or an adult) lets an adult from 18 act for them within the scopes.</summary>
internal sealed record GrantPowerOfAttorney(string GiverPid, string? ReceiverPid, IReadOnlyList<string>? Scopes, DateTimeOffset? ValidTo)
    : ICommand<PowerOfAttorneyGrantReceipt>;

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
    : IRequestHandler<GrantPowerOfAttorney, PowerOfAttorneyGrantReceipt>
{
    public async Task<PowerOfAttorneyGrantReceipt> Handle(GrantPowerOfAttorney request, CancellationToken cancellationToken)
    {
        // Checks on the giver may say what is wrong: the giver knows who they are.
        if (request.ReceiverPid == request.GiverPid)
        {
            throw ValidationException.For("receiverPid", "You cannot give a power of attorney to yourself.");
        }

        var giverRecord = await representations.LookupAsync(request.GiverPid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var today = representations.Today;
        if (giverRecord.ProtectedAddress)
        {
            throw new PlatformProblemException(422, "giver-cannot-grant", "A power of attorney cannot be given through the platform.", "Contact the health station.");
        }

        if (Age.On(giverRecord.BirthDate, today) < RepresentationRules.FullmaktGiverFrom)
        {
            throw new PlatformProblemException(422, "giver-too-young", "You must be at least 16 to give a power of attorney.");
        }

        // Checks on the receiver answer nothing: unknown, protected and too young look like success.
        var receipt = new PowerOfAttorneyGrantReceipt(
            "submitted",
            "If the number belongs to someone who can receive a power of attorney (18 or older), it is registered and shown in your list. The receiver's name is not shown.",
            request.Scopes!.Distinct().ToList(),
            request.ValidTo);
        var receiverRecord = await representations.LookupAsync(request.ReceiverPid!, cancellationToken);
        if (receiverRecord is null || receiverRecord.ProtectedAddress || Age.On(receiverRecord.BirthDate, today) < RepresentationRules.FullmaktReceiverFrom)
        {
            return receipt;
        }

        var giver = await representations.EnsurePersonAsync(giverRecord, cancellationToken);
        var receiver = await representations.EnsurePersonAsync(receiverRecord, cancellationToken);
        db.PowersOfAttorney.Add(new PowerOfAttorney
        {
            Id = Guid.NewGuid(),
            GiverId = giver.Id,
            ReceiverId = receiver.Id,
            Scopes = string.Join(' ', receipt.Scopes),
            GrantedAt = time.GetUtcNow().UtcDateTime,
            ValidTo = request.ValidTo?.UtcDateTime,
        });
        return receipt;
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
        f.GiverId == me ? null : receiver.Id,
        f.GiverId == me ? null : receiver.Name,
        f.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Utc(f.GrantedAt),
        f.ValidTo is { } to ? Utc(to) : null,
        f.EndedAt is { } ended ? Utc(ended) : null,
        f.InForce(now));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
