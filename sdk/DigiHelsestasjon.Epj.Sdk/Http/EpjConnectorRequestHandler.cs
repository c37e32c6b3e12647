using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>An HTTP answer, independent of the web framework.</summary>
    public sealed record EpjHttpResponse
    {
        /// <summary>The HTTP status code.</summary>
        public int StatusCode { get; init; }

        /// <summary>The JSON body (UTF-8).</summary>
        public string Body { get; init; } = "";
    }

    /// <summary>The vendor's side of the HTTP transport, independent of the web framework: verify the
    /// signature, read the JSON, call the vendor's <see cref="IEpjConnector"/>, write the JSON answer.
    /// Route <c>{base}/{operation}</c> of any web stack (ASP.NET Core, OWIN, HttpListener) to
    /// <see cref="HandleAsync"/>; see <see cref="EpjConnectorRoutes"/> for the operations.</summary>
    public sealed class EpjConnectorRequestHandler
    {
        private readonly IEpjConnector connector;
        private readonly Func<string, string?> secretOf;
        private readonly Func<DateTimeOffset> clock;
        private readonly ReplayCache seen = new(capacity: 10_000);

        /// <summary>Creates the handler.</summary>
        /// <param name="connector">The vendor's connector.</param>
        /// <param name="secretOf">The shared secret of an installation id, or null for an unknown installation.</param>
        /// <param name="clock">The clock the timestamp is checked against; the system clock when null.</param>
        // RS0027: the TimeProvider overload has as many parameters. Kept as shipped in 2.0.0; only a call passing a bare
        // null as the clock is ambiguous now, and such a call means "the system clock", which leaving it out says.
        #pragma warning disable RS0027
        public EpjConnectorRequestHandler(IEpjConnector connector, Func<string, string?> secretOf, Func<DateTimeOffset>? clock = null)
        {
            this.connector = connector ?? throw new ArgumentNullException(nameof(connector));
            this.secretOf = secretOf ?? throw new ArgumentNullException(nameof(secretOf));
            this.clock = clock ?? TimeProvider.System.GetUtcNow;
        }
        #pragma warning restore RS0027

        /// <summary>Creates the handler on a <see cref="TimeProvider"/> (the one a test moves, or <see cref="TimeProvider.System"/>).</summary>
        /// <param name="connector">The vendor's connector.</param>
        /// <param name="secretOf">The shared secret of an installation id, or null for an unknown installation.</param>
        /// <param name="time">The clock the timestamp is checked against.</param>
        public EpjConnectorRequestHandler(IEpjConnector connector, Func<string, string?> secretOf, TimeProvider time)
            : this(connector, secretOf, (time ?? throw new ArgumentNullException(nameof(time))).GetUtcNow)
        {
        }

        /// <summary>Answers one request.</summary>
        /// <param name="method">The HTTP method.</param>
        /// <param name="pathAndQuery">The request's path and query as received (it is signed).</param>
        /// <param name="operation">The last path segment: one of <see cref="EpjConnectorRoutes"/>.</param>
        /// <param name="header">Reads a request header by name.</param>
        /// <param name="body">The raw request body.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        public async Task<EpjHttpResponse> HandleAsync(string method, string pathAndQuery, string operation, Func<string, string?> header, byte[] body, CancellationToken cancellationToken)
        {
            if (header is null)
            {
                throw new ArgumentNullException(nameof(header));
            }

            body ??= Array.Empty<byte>();
            var installation = header(EpjRequestSigning.InstallationHeader);
            var secret = installation is null ? null : secretOf(installation);
            var version = header(EpjRequestSigning.ContractVersionHeader);
            var requestId = header(EpjRequestSigning.RequestIdHeader);
            var now = clock();
            if (secret is null || !EpjRequestSigning.Verify(secret, method, pathAndQuery, header(EpjRequestSigning.TimestampHeader), header(EpjRequestSigning.SignatureHeader), body, version, header(EpjRequestSigning.IdempotencyKeyHeader), requestId, now))
            {
                return Problem(401, "invalid-signature", "The request is not signed with this installation's credentials, or its timestamp is too old.");
            }

            // Signed and fresh, but sent before: someone replays a captured request.
            if (!seen.TryAdd(installation + "\n" + requestId, now))
            {
                return Problem(401, "replayed-request", "This request id has been used before; every request needs a new X-Epj-Request-Id.");
            }

            if (!EpjContract.CanRead(version ?? EpjContract.CurrentVersion))
            {
                return Problem(400, "unsupported-contract-version", $"This connector reads contract versions {string.Join(", ", EpjContract.SupportedVersions)}.");
            }

            try
            {
                switch (operation)
                {
                    case EpjConnectorRoutes.Capabilities:
                        return Ok(await connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.Messages:
                        return Ok(await connector.DeliverMessageAsync(Read<CitizenMessage>(body), cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.Cancellations:
                        return Ok(await connector.RequestCancellationAsync(Read<CancellationRequest>(body), cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.PlannedAppointments:
                        return Ok(await connector.GetPlannedAppointmentsAsync(Read<PlannedAppointmentsQuery>(body), cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.Transcripts when connector is IEpjYouthChatTranscripts transcripts:
                        return Ok(await transcripts.DeliverTranscriptAsync(Read<YouthChatTranscript>(body), cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.FreeSlots when connector is IEpjSlotBooking booking:
                        var slots = Read<FreeSlotsQuery>(body);
                        return Ok(await booking.GetFreeSlotsAsync(slots.UnitHerId, slots.From, slots.To, cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.Reservations when connector is IEpjSlotBooking booking:
                        return Ok(await booking.ReserveSlotAsync(Read<SlotReservation>(body), cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.Vaccinations when connector is IEpjHealthRecords records:
                        return Ok(await records.GetVaccinationsAsync(Read<HealthRecordsQuery>(body).PatientPid, cancellationToken).ConfigureAwait(false));
                    case EpjConnectorRoutes.TestResults when connector is IEpjHealthRecords records:
                        return Ok(await records.GetTestResultsAsync(Read<HealthRecordsQuery>(body).PatientPid, cancellationToken).ConfigureAwait(false));
                    default:
                        return Problem(404, "unsupported-operation", $"This connector has no operation '{operation}'.");
                }
            }
            catch (JsonException exception)
            {
                // The path, never the serializer's message (it names .NET types).
                return Problem(400, "invalid-json", $"The body does not match the contract at {exception.Path ?? "$"}.");
            }
            catch (EpjTransportException exception)
            {
                return Problem(503, "transient", exception.Message);
            }
        }

        private static T Read<T>(byte[] body) =>
            JsonSerializer.Deserialize<T>(body, EpjJson.Options) ?? throw new JsonException("The body is empty.");

        private static EpjHttpResponse Ok<T>(T value) =>
            new() { StatusCode = 200, Body = JsonSerializer.Serialize(value, EpjJson.Options) };

        private static EpjHttpResponse Problem(int status, string code, string detail) =>
            new()
            {
                StatusCode = status,
                Body = JsonSerializer.Serialize(new Dictionary<string, object> { ["status"] = status, ["code"] = code, ["title"] = code, ["detail"] = detail }, EpjJson.Options),
            };
    }

    /// <summary>The request ids seen within the signature's time window, at most <c>capacity</c> of them
    /// (the oldest go first when full). A request older than the window is refused by its timestamp anyway.</summary>
    internal sealed class ReplayCache
    {
        private readonly int capacity;
        private readonly HashSet<string> ids = new(StringComparer.Ordinal);
        private readonly Queue<KeyValuePair<string, DateTimeOffset>> order = new();
        private readonly object gate = new();

        public ReplayCache(int capacity) => this.capacity = capacity;

        /// <summary>False when the id was seen within the window.</summary>
        public bool TryAdd(string id, DateTimeOffset now)
        {
            // Timestamps are accepted up to the tolerance on either side of the clock.
            var forgetBefore = now - EpjRequestSigning.Tolerance - EpjRequestSigning.Tolerance;
            lock (gate)
            {
                while (order.Count > 0 && (order.Peek().Value < forgetBefore || order.Count >= capacity))
                {
                    ids.Remove(order.Dequeue().Key);
                }

                if (!ids.Add(id))
                {
                    return false;
                }

                order.Enqueue(new KeyValuePair<string, DateTimeOffset>(id, now));
                return true;
            }
        }
    }
}
