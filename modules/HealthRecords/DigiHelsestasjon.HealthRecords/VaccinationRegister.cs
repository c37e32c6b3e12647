using System.Net.Http.Json;

namespace DigiHelsestasjon.HealthRecords;

/// <summary>One dose as the national immunisation register (SYSVAK) holds it.</summary>
/// <param name="GivenBy">The HER-id of the unit that reported it.</param>
public sealed record RegisteredVaccination(string EntryId, string Code, string Name, int Dose, DateOnly GivenOn, string GivenBy);

/// <summary>The national immunisation register: a port, answered over HTTP (<c>HealthRecords:Sysvak:BaseUrl</c>) or, in the
/// simulators' host, by the SYSVAK simulator in process. Throws <see cref="HttpRequestException"/> when it does not answer.</summary>
public interface IVaccinationRegister
{
    /// <summary>False: no register is connected (the page says so).</summary>
    bool Connected { get; }

    Task<IReadOnlyList<RegisteredVaccination>> VaccinationsOfAsync(string pid, CancellationToken cancellationToken);
}

/// <summary>SYSVAK over HTTP: the fødselsnummer in the body of a POST, never in the URL. (The real register asks for a HelseID
/// token; that client credential is not built here.)</summary>
internal sealed class HttpVaccinationRegister(IHttpClientFactory clients) : IVaccinationRegister
{
    public const string ClientName = "sysvak";

    public bool Connected => true;

    public async Task<IReadOnlyList<RegisteredVaccination>> VaccinationsOfAsync(string pid, CancellationToken cancellationToken)
    {
        var response = await clients.CreateClient(ClientName).PostAsJsonAsync("vaccinations", new { pid }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<RegisteredVaccination>>(cancellationToken) ?? [];
    }
}

internal sealed class NoVaccinationRegister : IVaccinationRegister
{
    public bool Connected => false;

    public Task<IReadOnlyList<RegisteredVaccination>> VaccinationsOfAsync(string pid, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RegisteredVaccination>>([]);
}
