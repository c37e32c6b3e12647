using DigiHelsestasjon.Directory.Persistence.Entities;

namespace DigiHelsestasjon.Directory.Features.Onboarding;

using DigiHelsestasjon.Directory.Features.Units;

internal sealed class CreateMunicipalityValidator : IValidator<CreateMunicipality>
{
    public IEnumerable<ValidationFailure> Validate(CreateMunicipality request)
    {
        if (request.Kommunenummer is not { Length: 4 } || !request.Kommunenummer.All(char.IsAsciiDigit))
        {
            yield return new ValidationFailure("kommunenummer", "Four digits, for example 4601.");
        }

        foreach (var failure in MessageText.Check("name", request.Name, 200, multiline: false))
        {
            yield return failure;
        }
    }
}

internal sealed class UnitDetailsValidator : IValidator<AddUnit>, IValidator<ChangeUnit>
{
    public IEnumerable<ValidationFailure> Validate(AddUnit request) => Check(request.Details);

    public IEnumerable<ValidationFailure> Validate(ChangeUnit request) => Check(request.Details);

    private static IEnumerable<ValidationFailure> Check(UnitDetails details)
    {
        if (details.HerId is not { Length: > 0 and <= 20 } || !details.HerId.All(char.IsAsciiDigit))
        {
            yield return new ValidationFailure("herId", "The unit's HER-id from the address register: digits, at most 20.");
        }

        if (details.Type is null || !UnitTypes.All.Contains(details.Type))
        {
            yield return new ValidationFailure("type", $"One of {string.Join(", ", UnitTypes.All)}.");
        }

        foreach (var failure in MessageText.Check("name", details.Name, 200, multiline: false)
            .Concat(MessageText.Check("address", details.Address, 300, multiline: false)))
        {
            yield return failure;
        }

        if (details.OpeningHours is { Length: > 300 })
        {
            yield return new ValidationFailure("openingHours", "At most 300 characters.");
        }

        if (!string.IsNullOrWhiteSpace(details.Phone) && !UnitPhone.IsValid(details.Phone))
        {
            yield return new ValidationFailure("phone", "A phone number of 8 to 15 digits, as people dial it: digits and spaces, an optional + first (for example +47 22 00 00 00).");
        }
    }
}

/// <summary>Onboarding: municipalities and units made through the admin API instead of rows typed into the database.</summary>
internal sealed class OnboardingHandlers(DirectoryDbContext db, UnitCache cache, TimeProvider time) :
    IRequestHandler<CreateMunicipality, bool>,
    IRequestHandler<AddUnit, Guid>,
    IRequestHandler<ChangeUnit, bool>,
    IRequestHandler<SetUnitEpjConnection, bool>,
    IRequestHandler<GetEpjConnections, IReadOnlyList<UnitInfo>>
{
    public async Task<bool> Handle(CreateMunicipality request, CancellationToken cancellationToken)
    {
        if (await db.Municipalities.AnyAsync(m => m.Kommunenummer == request.Kommunenummer, cancellationToken))
        {
            return false;
        }

        var municipality = new Municipality { Kommunenummer = request.Kommunenummer, Name = request.Name.Trim(), UpdatedAt = time.GetUtcNow().UtcDateTime };
        municipality.WritePolicies(MunicipalityPolicies.Default);
        db.Municipalities.Add(municipality);
        return true;
    }

    public async Task<Guid> Handle(AddUnit request, CancellationToken cancellationToken)
    {
        if (!await db.Municipalities.AnyAsync(m => m.Kommunenummer == request.Kommunenummer, cancellationToken))
        {
            throw new NotFoundException("municipality");
        }

        await RefuseTakenHerIdAsync(request.Details.HerId!, null, cancellationToken);
        var unit = new Persistence.Entities.Unit { Id = Guid.NewGuid(), Kommunenummer = request.Kommunenummer };
        Apply(unit, request.Details);
        db.Units.Add(unit);
        return unit.Id;
    }

    public async Task<bool> Handle(ChangeUnit request, CancellationToken cancellationToken)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == request.UnitId, cancellationToken);
        if (unit is null)
        {
            return false;
        }

        await RefuseTakenHerIdAsync(request.Details.HerId!, unit.Id, cancellationToken);
        Apply(unit, request.Details);
        db.SavedChanges += (_, _) => cache.Forget(unit.Id);
        return true;
    }

    public async Task<bool> Handle(SetUnitEpjConnection request, CancellationToken cancellationToken)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == request.UnitId, cancellationToken);
        if (unit is null)
        {
            return false;
        }

        unit.Connect(request.Connection);
        db.SavedChanges += (_, _) => cache.Forget(unit.Id);
        return true;
    }

    public async Task<IReadOnlyList<UnitInfo>> Handle(GetEpjConnections request, CancellationToken cancellationToken) =>
        (await db.Units.AsNoTracking().Where(u => u.EpjVendor != null).OrderBy(u => u.Kommunenummer).ThenBy(u => u.Name).ToListAsync(cancellationToken))
            .Select(u => u.ToInfo()).ToList();

    private async Task RefuseTakenHerIdAsync(string herId, Guid? self, CancellationToken cancellationToken)
    {
        if (await db.Units.AnyAsync(u => u.HerId == herId && u.Id != self, cancellationToken))
        {
            throw new PlatformProblemException(409, "her-id-taken", "Another unit has this HER-id.", "A HER-id names one unit; check the address register.");
        }
    }

    private static void Apply(Persistence.Entities.Unit unit, UnitDetails details)
    {
        // The HER-id is how the journal knows the unit, and the type decides who may see what: a production connection whose
        // unit changes either is back in test, like one whose address changed, until an acceptance run and a promotion.
        if (unit.EpjVendor is not null && (unit.HerId != details.HerId || unit.Type != details.Type))
        {
            unit.EpjEnvironment = EpjEnvironments.Test;
        }

        unit.HerId = details.HerId!;
        unit.Name = details.Name!.Trim();
        unit.Type = details.Type!;
        unit.Address = details.Address!.Trim();
        unit.OpeningHours = details.OpeningHours?.Trim() ?? "";
        unit.Phone = string.IsNullOrWhiteSpace(details.Phone) ? null : details.Phone.Trim();
    }
}

/// <summary>A phone number as people dial it; the chat shows it to a youth it cannot take, so it must be callable.</summary>
internal static class UnitPhone
{
    public static bool IsValid(string phone)
    {
        var trimmed = phone.Trim();
        var digits = trimmed.Count(char.IsAsciiDigit);
        return trimmed.Length is > 0 and <= 20 && digits is >= 8 and <= 15
            && trimmed.Select((c, i) => char.IsAsciiDigit(c) || c == ' ' || (c == '+' && i == 0)).All(ok => ok);
    }
}
