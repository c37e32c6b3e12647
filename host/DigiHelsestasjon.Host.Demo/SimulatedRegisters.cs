using DigiHelsestasjon.HealthRecords;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.Sysvak;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>Identity's population-register port, answered by the Folkeregisteret simulator.</summary>
internal sealed class SimulatedPopulationRegister(PopulationRegister register) : IPopulationRegister
{
    public Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken)
    {
        var person = register.Find(pid);
        return Task.FromResult(person is null
            ? null
            : new PopulationRecord(
                person.Pid,
                person.Name,
                person.BirthDate,
                person.ProtectedAddress,
                person.Children.Select(c => new FamilyLink(c.Pid, c.ParentalResponsibility)).ToList(),
                person.Parents.Select(p => new FamilyLink(p.Pid, p.ParentalResponsibility)).ToList()));
    }
}

/// <summary>HealthRecords' immunisation-register port, answered by the SYSVAK simulator in process (its HTTP surface is the same data).</summary>
internal sealed class SimulatedVaccinationRegister(SysvakRegister register) : IVaccinationRegister
{
    public bool Connected => true;

    public Task<IReadOnlyList<RegisteredVaccination>> VaccinationsOfAsync(string pid, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RegisteredVaccination>>([.. register.VaccinationsOf(pid).Select(v => new RegisteredVaccination(v.EntryId, v.Code, v.Name, v.Dose, v.GivenOn, v.GivenBy))]);
}
