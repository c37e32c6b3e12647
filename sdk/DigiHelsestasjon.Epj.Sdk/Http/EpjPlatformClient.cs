using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>The ready client for the platform's inbound API (EPJ -> platform): signs each message
    /// with the installation's credentials and posts it to <c>api/v1/epj/inbound</c>. Set the
    /// <see cref="HttpClient.BaseAddress"/> to the platform's base URL, ending in '/'.</summary>
    public sealed class EpjPlatformClient : IEpjPlatform
    {
        /// <summary>The inbound route, relative to the platform's base URL.</summary>
        public const string InboundRoute = "api/v1/epj/inbound";

        private readonly SignedJsonChannel channel;

        /// <summary>Creates the client.</summary>
        /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the platform's base URL.</param>
        /// <param name="credentials">The installation's credentials.</param>
        /// <param name="clock">The clock for request timestamps; the system clock when null.</param>
        public EpjPlatformClient(HttpClient http, EpjInstallationCredentials credentials, Func<DateTimeOffset>? clock = null) =>
            channel = new SignedJsonChannel(http, credentials, clock);

        /// <inheritdoc />
        public async Task<ApplicationReceipt> SendAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            // Serialised as the base type so that messageType is written.
            var result = await channel.SendAsync<ApplicationReceipt>(HttpMethod.Post, InboundRoute, message, typeof(InboundMessage), message.MessageId, cancellationToken).ConfigureAwait(false);
            return result.Value ?? ApplicationReceipt.Rejected(message.MessageId, result.Error!);
        }
    }
}
