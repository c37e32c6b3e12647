using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>The platform's client for a connector the vendor hosts over HTTP (see
    /// <see cref="EpjConnectorRequestHandler"/> for the vendor's side). Set the <see cref="HttpClient.BaseAddress"/>
    /// to the connector's base URL, ending in '/'. It offers every optional process; call one only when the connector
    /// declared it (<see cref="EpjCapabilities.Supports"/>), as the platform does.</summary>
    public sealed class HttpEpjConnector : IEpjConnector, IEpjYouthChatTranscripts, IEpjSlotBooking, IEpjHealthRecords
    {
        private readonly SignedJsonChannel channel;

        /// <summary>Creates the client.</summary>
        /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the connector's base URL.</param>
        /// <param name="credentials">The installation's credentials.</param>
        /// <param name="clock">The clock for request timestamps; the system clock when null.</param>
        // RS0027: the TimeProvider overload has as many parameters. Kept as shipped in 2.0.0; only a call passing a bare
        // null as the clock is ambiguous now, and such a call means "the system clock", which leaving it out says.
        #pragma warning disable RS0027
        public HttpEpjConnector(HttpClient http, EpjInstallationCredentials credentials, Func<DateTimeOffset>? clock = null) =>
            channel = new SignedJsonChannel(http, credentials, clock);
        #pragma warning restore RS0027

        /// <summary>Creates the client on a <see cref="TimeProvider"/> (the one a test moves, or <see cref="TimeProvider.System"/>).</summary>
        /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the connector's base URL.</param>
        /// <param name="credentials">The installation's credentials.</param>
        /// <param name="time">The clock for request timestamps.</param>
        public HttpEpjConnector(HttpClient http, EpjInstallationCredentials credentials, TimeProvider time)
            : this(http, credentials, (time ?? throw new ArgumentNullException(nameof(time))).GetUtcNow)
        {
        }

        /// <inheritdoc />
        public async Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
        {
            var result = await channel.SendAsync<EpjCapabilities>(HttpMethod.Get, EpjConnectorRoutes.Capabilities, null, null, null, cancellationToken).ConfigureAwait(false);
            return result.Value ?? throw new EpjTransportException(result.Error?.Description ?? "The connector declared no capabilities.");
        }

        /// <inheritdoc />
        public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken) =>
            AcknowledgedAsync(EpjConnectorRoutes.Messages, message, message.MessageId, cancellationToken);

        /// <inheritdoc />
        public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) =>
            AcknowledgedAsync(EpjConnectorRoutes.Cancellations, request, request.MessageId, cancellationToken);

        /// <inheritdoc />
        public Task<EpjAcknowledgement> DeliverTranscriptAsync(YouthChatTranscript transcript, CancellationToken cancellationToken) =>
            AcknowledgedAsync(EpjConnectorRoutes.Transcripts, transcript, transcript.MessageId, cancellationToken);

        /// <inheritdoc />
        public async Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken)
        {
            // POST, not GET: the fødselsnummer goes in the body, never in a URL.
            var result = await channel.SendAsync<List<EpjAppointment>>(HttpMethod.Post, EpjConnectorRoutes.PlannedAppointments, query, null, null, cancellationToken).ConfigureAwait(false);
            return result.Value ?? throw new EpjTransportException(result.Error?.Description ?? "The connector answered no appointments.");
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<FreeSlot>> GetFreeSlotsAsync(string unitHerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            ListAsync<FreeSlot>(EpjConnectorRoutes.FreeSlots, new FreeSlotsQuery { UnitHerId = unitHerId, From = from, To = to }, cancellationToken);

        /// <inheritdoc />
        public Task<EpjAcknowledgement> ReserveSlotAsync(SlotReservation reservation, CancellationToken cancellationToken) =>
            AcknowledgedAsync(EpjConnectorRoutes.Reservations, reservation, reservation.MessageId, cancellationToken);

        /// <inheritdoc />
        public Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken) =>
            ListAsync<HealthRecordEntry>(EpjConnectorRoutes.Vaccinations, new HealthRecordsQuery { PatientPid = patientPid }, cancellationToken);

        /// <inheritdoc />
        public Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken) =>
            ListAsync<HealthRecordEntry>(EpjConnectorRoutes.TestResults, new HealthRecordsQuery { PatientPid = patientPid }, cancellationToken);

        private async Task<IReadOnlyList<T>> ListAsync<T>(string route, object query, CancellationToken cancellationToken)
        {
            var result = await channel.SendAsync<List<T>>(HttpMethod.Post, route, query, null, null, cancellationToken).ConfigureAwait(false);
            return result.Value ?? throw new EpjTransportException(result.Error?.Description ?? $"The connector answered nothing to {route}.");
        }

        private async Task<EpjAcknowledgement> AcknowledgedAsync(string route, object body, Guid messageId, CancellationToken cancellationToken)
        {
            var result = await channel.SendAsync<EpjAcknowledgement>(HttpMethod.Post, route, body, null, messageId, cancellationToken).ConfigureAwait(false);
            return result.Value ?? new EpjAcknowledgement
            {
                MessageId = messageId,
                Receipt = new ApplicationReceipt { OriginalMessageId = messageId, Status = ReceiptStatus.Rejected, Errors = new[] { result.Error! } },
            };
        }
    }

    /// <summary>The relative routes of a connector hosted over HTTP.</summary>
    public static class EpjConnectorRoutes
    {
        /// <summary>GET: <see cref="EpjCapabilities"/>.</summary>
        public const string Capabilities = "capabilities";

        /// <summary>POST <see cref="CitizenMessage"/>: <see cref="EpjAcknowledgement"/>.</summary>
        public const string Messages = "messages";

        /// <summary>POST <see cref="CancellationRequest"/>: <see cref="EpjAcknowledgement"/>.</summary>
        public const string Cancellations = "cancellations";

        /// <summary>POST <see cref="PlannedAppointmentsQuery"/>: a list of <see cref="EpjAppointment"/>.</summary>
        public const string PlannedAppointments = "planned-appointments";

        /// <summary>POST <see cref="YouthChatTranscript"/>: <see cref="EpjAcknowledgement"/>.</summary>
        public const string Transcripts = "transcripts";

        /// <summary>POST <see cref="FreeSlotsQuery"/>: a list of <see cref="FreeSlot"/>.</summary>
        public const string FreeSlots = "free-slots";

        /// <summary>POST <see cref="SlotReservation"/>: <see cref="EpjAcknowledgement"/>.</summary>
        public const string Reservations = "reservations";

        /// <summary>POST <see cref="HealthRecordsQuery"/>: a list of <see cref="HealthRecordEntry"/>.</summary>
        public const string Vaccinations = "vaccinations";

        /// <summary>POST <see cref="HealthRecordsQuery"/>: a list of <see cref="HealthRecordEntry"/>.</summary>
        public const string TestResults = "test-results";
    }
}
