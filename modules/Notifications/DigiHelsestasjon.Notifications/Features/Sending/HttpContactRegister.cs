using System.Net.Http.Json;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary><c>Notifications:Krr:*</c>: the contact register (KRR) reached over HTTP.</summary>
public sealed class ContactRegisterOptions
{
    /// <summary>The register's base address; empty: none over HTTP (the demo's simulator in-process, or none).</summary>
    public string BaseUrl { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>KRR over HTTP: <c>POST {BaseUrl}/persons</c> <c>{ pids: [pid] }</c> (the fødselsnummer in the body, as in KRR's own
/// API), answered with the persons it knows. No answer, or an answer other than 2xx, is "unavailable": the notice queue
/// retries the notice later with backoff (its durable retries are the resilience; nothing is sent to a guessed address).
/// The simulators host serves the same API at <c>/simulators/krr</c>.</summary>
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
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new NoticeChannelUnavailableException($"The contact register did not answer: {exception.Message}", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new NoticeChannelUnavailableException($"The contact register answered {(int)response.StatusCode}.");
            }

            var contacts = await response.Content.ReadFromJsonAsync<List<Contact>>(cancellationToken) ?? [];
            return contacts.FirstOrDefault(c => c.Pid == pid) is { } contact ? new ContactDetails(contact.Phone, contact.Email, contact.Reserved) : null;
        }
    }
}
