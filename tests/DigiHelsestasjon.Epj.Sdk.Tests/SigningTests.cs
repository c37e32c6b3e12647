using System.Globalization;
using System.Text;
using DigiHelsestasjon.Epj.Sdk.Http;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>The vendor's side of the signed transport refuses what a man in the middle could do with a captured request.</summary>
public sealed class SigningTests
{
    private const string Secret = "a-secret-of-at-least-thirty-two-bytes!";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T09:00:00Z", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> SignedHeaders(string requestId, string version = "1.1", string key = "key-1")
    {
        var stamp = Now.ToUnixTimeSeconds();
        return new Dictionary<string, string>
        {
            [EpjRequestSigning.InstallationHeader] = "4601-hspro",
            [EpjRequestSigning.TimestampHeader] = stamp.ToString(CultureInfo.InvariantCulture),
            [EpjRequestSigning.SignatureHeader] = EpjRequestSigning.Sign(Secret, "POST", "/epj/capabilities", stamp, [], version, key, requestId),
            [EpjRequestSigning.ContractVersionHeader] = version,
            [EpjRequestSigning.IdempotencyKeyHeader] = key,
            [EpjRequestSigning.RequestIdHeader] = requestId,
        };
    }

    private static Task<EpjHttpResponse> SendAsync(EpjConnectorRequestHandler handler, Dictionary<string, string> headers) =>
        handler.HandleAsync("POST", "/epj/capabilities", EpjConnectorRoutes.Capabilities, name => headers.TryGetValue(name, out var value) ? value : null, [], CancellationToken.None);

    private static EpjConnectorRequestHandler Handler(string? secret = Secret) => new(new CapabilitiesOnly(), _ => secret, () => Now);

    [Fact]
    public async Task Given_a_captured_signed_request_When_it_is_sent_again_within_the_time_window_Then_the_connector_refuses_the_replay()
    {
        var handler = Handler();
        var headers = SignedHeaders("request-1");

        (await SendAsync(handler, headers)).StatusCode.ShouldBe(200);
        var replay = await SendAsync(handler, headers);

        replay.StatusCode.ShouldBe(401);
        replay.Body.ShouldContain("replayed-request");
        (await SendAsync(handler, SignedHeaders("request-2"))).StatusCode.ShouldBe(200);
    }

    [Theory]
    [InlineData(EpjRequestSigning.ContractVersionHeader, "1.0")]
    [InlineData(EpjRequestSigning.IdempotencyKeyHeader, "key-2")]
    [InlineData(EpjRequestSigning.RequestIdHeader, "request-other")]
    public async Task Given_a_signed_request_When_a_header_the_receiver_acts_on_is_changed_Then_the_signature_no_longer_holds(string header, string value)
    {
        var headers = SignedHeaders("request-3");
        headers[header] = value;

        var answer = await SendAsync(Handler(), headers);

        answer.StatusCode.ShouldBe(401);
        answer.Body.ShouldContain("invalid-signature");
    }

    [Fact]
    public async Task Given_a_handler_on_a_TimeProvider_When_that_clock_moves_past_the_window_Then_a_request_signed_before_is_refused()
    {
        var time = new MovedClock(Now);
        var handler = new EpjConnectorRequestHandler(new CapabilitiesOnly(), _ => Secret, time);
        (await SendAsync(handler, SignedHeaders("request-6"))).StatusCode.ShouldBe(200, "signed at the handler's own time");

        time.Now = Now.AddMinutes(10);

        var late = await SendAsync(handler, SignedHeaders("request-7"));
        late.StatusCode.ShouldBe(401, "the handler reads the TimeProvider it was given, not the machine's clock");
        late.Body.ShouldContain("invalid-signature");
    }

    [Fact]
    public async Task Given_an_empty_shared_secret_When_a_client_is_made_or_a_request_handled_Then_it_is_a_configuration_error()
    {
        Should.Throw<ArgumentException>(() => new EpjPlatformClient(new HttpClient(), new EpjInstallationCredentials { InstallationId = "4601-hspro", SharedSecret = "" }));
        Should.Throw<ArgumentException>(() => new HttpEpjConnector(new HttpClient(), new EpjInstallationCredentials { InstallationId = "4601-hspro", SharedSecret = "" }));
        await Should.ThrowAsync<ArgumentException>(() => SendAsync(Handler(secret: ""), SignedHeaders("request-4")));
        Should.Throw<ArgumentException>(() => EpjRequestSigning.Sign("", "POST", "/", 0, Encoding.UTF8.GetBytes("{}"), "1.1", null, "request-5"));
    }

    private sealed class MovedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CapabilitiesOnly : IEpjConnector
    {
        public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(new EpjCapabilities());

        public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
