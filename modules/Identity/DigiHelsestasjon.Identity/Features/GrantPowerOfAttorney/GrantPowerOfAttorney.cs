using DigiHelsestasjon.Identity.Persistence.Entities;

namespace DigiHelsestasjon.Identity.Features.GrantPowerOfAttorney;

using DigiHelsestasjon.Identity.Features.Representations;

public sealed record GrantPowerOfAttorneyBody(string? ReceiverPid, IReadOnlyList<string>? Scopes, DateTimeOffset? ValidTo);

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
        else if (request.Scopes.Except(Permissions.Delegable).Any())
        {
            // Says what may be given, never repeats what was sent: an answer that echoes input carries it wherever answers go.
            yield return new ValidationFailure("scopes", $"Holds a scope that cannot be delegated. Use only: {string.Join(", ", Permissions.Delegable)}.");
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
