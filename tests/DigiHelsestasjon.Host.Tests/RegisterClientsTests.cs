using System.Globalization;
using System.Net;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The platform's HTTP clients of the population register and KRR against the simulators' own routes (the demo
/// host serves the same ones as the simulators host), and what they make of a register that does not answer.</summary>
public sealed class RegisterClientsTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Given_the_simulated_register_over_HTTP_When_a_persona_is_looked_up_Then_the_record_has_the_family_and_the_number_is_not_in_the_URL()
    {
        var recorder = new Recorder(host.Factory.Server.CreateHandler());
        var register = new HttpPopulationRegister(new HttpClient(recorder) { BaseAddress = new Uri("http://localhost/simulators/folkeregisteret/") }, NullLogger<HttpPopulationRegister>.Instance);
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "guardian");

        var record = await register.FindAsync(pid, CancellationToken.None);

        record.ShouldNotBeNull().Pid.ShouldBe(pid);
        record.Children.ShouldNotBeEmpty("the guardian persona has children");
        recorder.Uris.ShouldAllBe(u => !u.Contains(pid));
        (await register.FindAsync("01010199999", CancellationToken.None)).ShouldBeNull("a number the register does not know");
    }

    [Fact]
    public async Task Given_the_simulated_KRR_over_HTTP_When_a_persona_is_looked_up_Then_the_contact_details_come_back()
    {
        var krr = new HttpContactRegister(new HttpClient(host.Factory.Server.CreateHandler()) { BaseAddress = new Uri("http://localhost/simulators/krr/") });
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "guardian");

        var contact = await krr.FindAsync(pid, CancellationToken.None);

        contact.ShouldNotBeNull().Phone.ShouldStartWith("+47");
        (await krr.FindAsync("01010199999", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Given_registers_that_do_not_answer_When_asked_Then_a_login_gets_a_503_to_retry_and_a_notice_is_retried_later()
    {
        var down = new HttpClient(new Refusing()) { BaseAddress = new Uri("http://register.invalid/") };

        var problem = await Should.ThrowAsync<PlatformProblemException>(() => new HttpPopulationRegister(down, NullLogger<HttpPopulationRegister>.Instance).FindAsync("12345678901", CancellationToken.None));
        (problem.Status, problem.Extensions["retryAfterSeconds"]).ShouldBe((503, (object?)10));
        problem.Detail.ShouldBe(FixedUnavailableDetail, "the transport's message goes to the server log, not to the caller");
        await Should.ThrowAsync<NoticeChannelUnavailableException>(() => new HttpContactRegister(down).FindAsync("12345678901", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.OK, "null")]
    [InlineData(HttpStatusCode.OK, "<html>Vedlikehold</html>")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    [InlineData(HttpStatusCode.TooManyRequests, "")]
    public async Task Given_a_population_register_that_answers_with_no_readable_person_When_someone_logs_in_Then_the_answer_is_the_503_to_retry_with_a_fixed_text(HttpStatusCode status, string body)
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var register = new HttpPopulationRegister(Answering(status, body), factory.CreateLogger<HttpPopulationRegister>());

        var problem = await Should.ThrowAsync<PlatformProblemException>(() => register.FindAsync("12345678901", CancellationToken.None));

        (problem.Status, problem.Code, problem.Detail).ShouldBe((503, "population-register-unavailable", FixedUnavailableDetail));
        logs.Lines.ShouldContain(l => l.StartsWith("Warning", StringComparison.Ordinal), "why it was unavailable is in the server log");
        logs.Lines.ShouldAllBe(l => !l.Contains("12345678901"));
    }

    [Fact]
    public async Task Given_a_population_register_that_answers_with_another_person_When_someone_logs_in_Then_the_answer_is_not_used_and_the_operator_is_told()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var someoneElse = """{ "pid": "10987654321", "name": "Noen Andre", "birthDate": "1990-01-01", "protectedAddress": false, "children": [], "parents": [] }""";
        var register = new HttpPopulationRegister(Answering(HttpStatusCode.OK, someoneElse), factory.CreateLogger<HttpPopulationRegister>());

        var problem = await Should.ThrowAsync<PlatformProblemException>(() => register.FindAsync("12345678901", CancellationToken.None));

        (problem.Status, problem.Code).ShouldBe((503, "population-register-unavailable"));
        logs.Lines.ShouldContain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("another person", StringComparison.Ordinal));
        logs.Lines.ShouldAllBe(l => !l.Contains("12345678901") && !l.Contains("10987654321"));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Given_a_population_register_that_refuses_the_platforms_request_When_someone_logs_in_Then_the_operator_gets_an_error_and_the_caller_a_500_not_try_again(HttpStatusCode status)
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var register = new HttpPopulationRegister(Answering(status, "{}"), factory.CreateLogger<HttpPopulationRegister>());

        var problem = await Should.ThrowAsync<PlatformProblemException>(() => register.FindAsync("12345678901", CancellationToken.None));

        (problem.Status, problem.Code).ShouldBe((500, "population-register-refused"));
        problem.Extensions.ShouldNotContainKey("retryAfterSeconds");
        logs.Lines.ShouldContain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(((int)status).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        logs.Lines.ShouldAllBe(l => !l.Contains("12345678901"));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.OK, "null")]
    [InlineData(HttpStatusCode.OK, "<html>Vedlikehold</html>")]
    public async Task Given_KRR_that_answers_with_no_readable_list_When_a_notice_is_sent_Then_it_waits_to_be_retried_rather_than_take_the_person_as_unknown(HttpStatusCode status, string body)
    {
        var krr = new HttpContactRegister(Answering(status, body));

        await Should.ThrowAsync<NoticeChannelUnavailableException>(() => krr.FindAsync("12345678901", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task Given_KRR_that_refuses_the_platforms_request_When_a_notice_is_sent_Then_it_is_a_failure_on_the_platform_side_not_a_register_away(HttpStatusCode status)
    {
        var krr = new HttpContactRegister(Answering(status, "{}"));

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => krr.FindAsync("12345678901", CancellationToken.None));

        failure.Message.ShouldContain(((int)status).ToString(CultureInfo.InvariantCulture));
        failure.Message.ShouldNotContain("12345678901");
    }

    private const string FixedUnavailableDetail = "The population register did not answer usably; try again shortly.";

    private static HttpClient Answering(HttpStatusCode status, string body) =>
        new(new Canned(status, body)) { BaseAddress = new Uri("http://register.invalid/") };

    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
    }

    private sealed class Recorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Uris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Add(request.RequestUri!.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Refusing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused", null, HttpStatusCode.ServiceUnavailable);
    }
}
