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
        // RS0027: the TimeProvider overload has as many parameters. Kept as shipped in 2.0.0; only a call passing a bare
        // null as the clock is ambiguous now, and such a call means "the system clock", which leaving it out says.
        #pragma warning disable RS0027
        public EpjPlatformClient(HttpClient http, EpjInstallationCredentials credentials, Func<DateTimeOffset>? clock = null) =>
            channel = new SignedJsonChannel(http, credentials, clock);
        #pragma warning restore RS0027

        /// <summary>Creates the client on a <see cref="TimeProvider"/> (the one a test moves, or <see cref="TimeProvider.System"/>).</summary>
        /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the platform's base URL.</param>
        /// <param name="credentials">The installation's credentials.</param>
        /// <param name="time">The clock for request timestamps.</param>
        public EpjPlatformClient(HttpClient http, EpjInstallationCredentials credentials, TimeProvider time)
            : this(http, credentials, (time ?? throw new ArgumentNullException(nameof(time))).GetUtcNow)
        {
        }

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
