namespace DigiHelsestasjon.Identity;

/// <summary>The port to Folkeregisteret. The simulator is the default adapter (wired by the host);
/// production plugs in the real register.</summary>
public interface IPopulationRegister
{
    Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken);
}

/// <summary>A person as the register reports them; <c>ParentalResponsibility</c> is foreldreansvar.</summary>
public sealed record PopulationRecord(
    string Pid, string Name, DateOnly BirthDate, bool ProtectedAddress, IReadOnlyList<FamilyLink> Children, IReadOnlyList<FamilyLink> Parents);

public sealed record FamilyLink(string Pid, bool ParentalResponsibility);
