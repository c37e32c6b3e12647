using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>Where a person's synthetic history happened: the demo municipality the register says they live in.</summary>
internal static class DemoHomes
{
    public static Func<string, DemoMunicipality?> Of(PopulationRegister register) =>
        pid => register.Find(pid)?.Kommunenummer is { Length: > 0 } kommunenummer
            ? EpjDemoData.Municipalities.FirstOrDefault(m => m.Kommunenummer == kommunenummer)
            : null;
}
