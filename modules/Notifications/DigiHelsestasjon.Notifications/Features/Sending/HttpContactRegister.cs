using System.Net.Http.Json;
using System.Text.Json;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary><c>Notifications:Krr:*</c>: the contact register (KRR) reached over HTTP.</summary>
public sealed class ContactRegisterOptions
{
    /// <summary>The register's base address; empty: none over HTTP (the demo's simulator in-process, or none).</summary>
    public string BaseUrl { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>KRR over HTTP: <c>POST {BaseUrl}/persons</c> <c>{ pids: [pid] }</c> (the fødselsnummer in the body, as in KRR's own
/// API), answered with the persons it knows. No answer, a 5xx, a 404, 408 or 429, or an answer that is not a list of persons
/// is "unavailable": the notice queue retries the notice later with backoff (its durable retries are the resilience;
/// nothing is sent to a guessed address). Any other 4xx means the platform asked wrongly (address, credentials): a
/// failure on the platform side, which the queue logs as an error. The simulators host serves the same API at
/// <c>/simulators/krr</c>.</summary>
internal sealed class HttpContactRegister(HttpClient http) : IContactRegister
{
    public const string ClientName = "contact-register";

    private sealed record Contact(string? Pid, string? Phone, string? Email, bool Reserved);

    public async Task<ContactDetails?> FindAsync(string pid, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("persons", new { pids = new[] { pid } }, cancellationToken);
        }
        catch (Exception exception) when (IsNoAnswer(exception, cancellationToken))
        {
            throw new NoticeChannelUnavailableException($"The contact register did not answer: {exception.Message}", exception);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500 and not 404 and not 408 and not 429)
            {
                throw new InvalidOperationException($"The contact register refused the platform's request with {status}: check Notifications:Krr (address, credentials).");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new NoticeChannelUnavailableException($"The contact register answered {status}.");
            }

            List<Contact>? contacts;
            try
            {
                contacts = await response.Content.ReadFromJsonAsync<List<Contact>>(cancellationToken);
            }
            catch (Exception exception) when (exception is JsonException || IsNoAnswer(exception, cancellationToken))
            {
                throw new NoticeChannelUnavailableException($"The contact register's answer could not be read: {exception.GetType().Name}", exception);
            }

            // No list is no answer, not "nobody known": the person must not lose the notice to a register's bad moment.
            return contacts is null
                ? throw new NoticeChannelUnavailableException("The contact register answered with no list of persons.")
                : contacts.FirstOrDefault(c => c.Pid == pid) is { } contact ? new ContactDetails(contact.Phone, contact.Email, contact.Reserved) : null;
        }
    }

    private static bool IsNoAnswer(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
