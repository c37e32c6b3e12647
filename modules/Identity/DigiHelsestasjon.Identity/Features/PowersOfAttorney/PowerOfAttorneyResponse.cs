using DigiHelsestasjon.Identity.Persistence.Entities;

namespace DigiHelsestasjon.Identity.Features.PowersOfAttorney;

/// <summary>A power of attorney as one side sees it. The giver never sees the receiver's name or id: the
/// giver typed a number, and answering with a name would tell anyone who exists behind any number
/// (there is no accept flow yet, so the receiver's details are never shown to the giver).</summary>
public sealed record PowerOfAttorneyResponse(
    Guid Id, string Direction, Guid GiverId, string GiverName, Guid? ReceiverId, string? ReceiverName, IReadOnlyList<string> Scopes,
    DateTimeOffset GrantedAt, DateTimeOffset? ValidTo, DateTimeOffset? EndedAt, bool InForce);

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
