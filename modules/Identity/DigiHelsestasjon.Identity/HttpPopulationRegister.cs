using System.Net;
using System.Net.Http.Json;
using DigiHelsestasjon.BuildingBlocks.Mediation;

namespace DigiHelsestasjon.Identity;

/// <summary><c>Identity:PopulationRegister:*</c>: the population register reached over HTTP.</summary>
public sealed class PopulationRegisterOptions
{
    /// <summary>The register's base address; empty: none over HTTP (the demo's simulator in-process, or none).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>A login waits for the register: better a quick "try again" than a page that hangs.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The population register over HTTP: <c>POST {BaseUrl}/persons/lookup</c> <c>{ pid }</c>, the fødselsnummer in the
/// body, never in the URL; 200 is the person, 404 none. The simulators host serves it at <c>/simulators/folkeregisteret</c>.
/// No answer, a 5xx or a 429 is a 503 to the caller with a time to retry: the answers are cached (Representations), so
/// the register is asked once per person and time, and a short outage costs a retried login, not a wrong answer.</summary>
internal sealed class HttpPopulationRegister(HttpClient http) : IPopulationRegister
{
    public const string ClientName = "population-register";

    public async Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("persons/lookup", new { pid }, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Unavailable($"The population register did not answer: {exception.Message}");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"The population register answered {(int)response.StatusCode}.");
            }

            return await response.Content.ReadFromJsonAsync<PopulationRecord>(cancellationToken);
        }
    }

    private static PlatformProblemException Unavailable(string detail) =>
        new(503, "population-register-unavailable", "Folkeregisteret svarer ikke akkurat nå. Prøv igjen om litt.", detail) { Extensions = { ["retryAfterSeconds"] = 10 } };
}
