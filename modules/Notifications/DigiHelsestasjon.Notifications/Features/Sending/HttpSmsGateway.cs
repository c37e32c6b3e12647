using System.Net;
using System.Net.Http.Json;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary><c>Notifications:Sms:*</c>: an SMS gateway reached over HTTP.</summary>
public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's base address; empty: no HTTP gateway (the simulator in-process, or none).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Sent as <c>Authorization: Bearer</c>; from a secret store, never from appsettings.</summary>
    public string ApiKey { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What the gateway sends as <c>Authorization: Bearer</c> with its delivery reports; empty: the report endpoint is off.</summary>
    public string ReportSecret { get; set; } = "";
}

/// <summary>The SMS gateway over HTTP: <c>POST {BaseUrl}/messages</c> with <c>Idempotency-Key</c> and <c>{ to, text }</c>;
/// 2xx <c>{ gatewayId }</c> is taken, 4xx is a refusal for good, 5xx, 429 and no answer are "try again" (with the same
/// key). The simulator serves the same API at <c>/simulators/sms</c>.</summary>
internal sealed class HttpSmsGateway(HttpClient http) : ISmsGateway
{
    public const string ClientName = "sms-gateway";

    private sealed record Answer(string? GatewayId, string? Error);

    public async Task<SmsGatewayAnswer> SendAsync(string idempotencyKey, string phone, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages") { Content = JsonContent.Create(new { to = phone, text }) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new NoticeChannelUnavailableException($"The SMS gateway did not answer: {exception.Message}", exception);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken);
                return new SmsGatewayAnswer(true, answer?.GatewayId, null);
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
            {
                throw new NoticeChannelUnavailableException($"The SMS gateway answered {(int)response.StatusCode}.");
            }

            var refusal = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken);
            return new SmsGatewayAnswer(false, null, refusal?.Error ?? $"The SMS gateway refused it ({(int)response.StatusCode}).");
        }
    }
}
