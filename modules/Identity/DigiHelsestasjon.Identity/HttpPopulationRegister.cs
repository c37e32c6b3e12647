using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.Extensions.Logging;

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
/// No answer, a 5xx, a 408 or 429, or an answer that is not a person is a 503 to the caller with a time to retry: the
/// answers are cached (Representations), so the register is asked once per person and time, and a short outage costs a
/// retried login, not a wrong answer; so is a record of another person than the one asked for. Any other 4xx means the platform asked wrongly (address, credentials): retrying
/// will not help, so it is an error for the operator and a 500 to the caller.</summary>
internal sealed class HttpPopulationRegister(HttpClient http, ILogger<HttpPopulationRegister> logger) : IPopulationRegister
{
    public const string ClientName = "population-register";

    public async Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("persons/lookup", new { pid }, cancellationToken);
        }
        catch (Exception exception) when (IsNoAnswer(exception, cancellationToken))
        {
            throw Unavailable($"did not answer: {exception.GetType().Name}: {exception.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (status is >= 400 and < 500 and not 408 and not 429)
            {
                logger.LogError("The population register refused the platform's request with {Status}: check Identity:PopulationRegister (address, credentials).", status);
                throw new PlatformProblemException(500, "population-register-refused", "Innloggingen kunne ikke fullføres på grunn av en feil hos oss.", "The population register refused the platform's request.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"answered {status}");
            }

            PopulationRecord record;
            try
            {
                record = await response.Content.ReadFromJsonAsync<PopulationRecord>(cancellationToken) ?? throw Unavailable("answered 200 with no person");
            }
            catch (Exception exception) when (exception is JsonException || IsNoAnswer(exception, cancellationToken))
            {
                throw Unavailable($"answered 200 with no readable person: {exception.GetType().Name}: {exception.Message}");
            }

            // Someone else's record (a mixed-up cache or proxy on the way) would give this login another family: never used.
            if (!string.Equals(record.Pid, pid, StringComparison.Ordinal))
            {
                logger.LogError("The population register answered a lookup with another person than the one asked for; the answer was not used. Check what stands between the platform and the register (a cache or proxy), or whether it answers an old number (a D-number since replaced) with the person's new one, which this platform does not follow.");
                throw Unavailable("answered with another person");
            }

            return record;
        }
    }

    private static bool IsNoAnswer(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    // Why goes to the log only: the caller gets a fixed text, never a transport's message.
    private PlatformProblemException Unavailable(string reason)
    {
        logger.LogWarning("The population register is unavailable: it {Reason}", reason);
        return new(503, "population-register-unavailable", "Folkeregisteret svarer ikke akkurat nå. Prøv igjen om litt.", "The population register did not answer usably; try again shortly.")
        {
            Extensions = { ["retryAfterSeconds"] = 10 },
        };
    }
}
