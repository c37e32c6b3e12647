using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>Signed JSON over HTTP, shared by both clients. Maps failures to the acknowledgement levels:
    /// no answer or a 5xx/408/429 is a transport failure (retry); 401/403 is a security rejection.</summary>
    internal sealed class SignedJsonChannel
    {
        private readonly HttpClient http;
        private readonly EpjInstallationCredentials credentials;
        private readonly Func<DateTimeOffset> clock;

        public SignedJsonChannel(HttpClient http, EpjInstallationCredentials credentials, Func<DateTimeOffset>? clock)
        {
            this.http = http ?? throw new ArgumentNullException(nameof(http));
            this.credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            EpjRequestSigning.RequireSecret(credentials.SharedSecret);
            this.clock = clock ?? TimeProvider.System.GetUtcNow;
        }

        public async Task<HttpResult<T>> SendAsync<T>(HttpMethod method, string relativePath, object? body, Type? bodyType, Guid? messageId, CancellationToken cancellationToken)
        {
            var bytes = body is null ? Array.Empty<byte>() : JsonSerializer.SerializeToUtf8Bytes(body, bodyType ?? body.GetType(), EpjJson.Options);
            using var request = new HttpRequestMessage(method, relativePath);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            var uri = http.BaseAddress is null ? new Uri(relativePath) : new Uri(http.BaseAddress, relativePath);
            var timestamp = clock().ToUnixTimeSeconds();
            request.Headers.Add(EpjRequestSigning.InstallationHeader, credentials.InstallationId);
            request.Headers.Add(EpjRequestSigning.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var idempotencyKey = messageId?.ToString();
            var requestId = Guid.NewGuid().ToString();
            request.Headers.Add(EpjRequestSigning.SignatureHeader, EpjRequestSigning.Sign(credentials.SharedSecret, method.Method, uri.PathAndQuery, timestamp, bytes, EpjContract.CurrentVersion, idempotencyKey, requestId));
            request.Headers.Add(EpjRequestSigning.ContractVersionHeader, EpjContract.CurrentVersion);
            request.Headers.Add(EpjRequestSigning.RequestIdHeader, requestId);
            if (idempotencyKey is not null)
            {
                request.Headers.Add(EpjRequestSigning.IdempotencyKeyHeader, idempotencyKey);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw new EpjTransportException($"No answer from {uri.Host}: {exception.Message}", exception);
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EpjTransportException($"{uri.Host} did not answer in time.", exception);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout || status == 429)
                {
                    throw new EpjTransportException($"{uri.Host} answered {status}.");
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    return new HttpResult<T>(default, EpjError.Of(EpjErrorCodes.Other, $"{uri.Host} refused the installation's credentials ({status}).") with { Category = EpjErrorCategory.Security });
                }

                // The body of an error is never copied into the error: whoever reads the error (an acceptance run shown to an
                // admin, an item's last error) would read whatever the address answered, which need not be a journal.
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return new HttpResult<T>(default, EpjError.Of(
                        status == 404 || status == 501 ? EpjErrorCodes.Other : EpjErrorCodes.InvalidContent,
                        $"{uri.Host} answered {status}.") with
                    {
                        Category = status == 404 || status == 501 ? EpjErrorCategory.UnsupportedCapability : EpjErrorCategory.Poison,
                    });
                }

                try
                {
                    return new HttpResult<T>(JsonSerializer.Deserialize<T>(text, EpjJson.Options), null);
                }
                catch (JsonException exception)
                {
                    // The message may have been processed; only a retry with the same MessageId is safe.
                    throw new EpjTransportException($"{uri.Host} answered with a body that is not a valid answer.", exception);
                }
            }
        }

    }

    internal readonly struct HttpResult<T>
    {
        public HttpResult(T? value, EpjError? error)
        {
            Value = value;
            Error = error;
        }

        public T? Value { get; }

        public EpjError? Error { get; }
    }
}
