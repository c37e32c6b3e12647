using System.Net;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Testing;
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
        var register = new HttpPopulationRegister(new HttpClient(recorder) { BaseAddress = new Uri("http://localhost/simulators/folkeregisteret/") });
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

        var problem = await Should.ThrowAsync<PlatformProblemException>(() => new HttpPopulationRegister(down).FindAsync("12345678901", CancellationToken.None));
        (problem.Status, problem.Extensions["retryAfterSeconds"]).ShouldBe((503, (object?)10));
        await Should.ThrowAsync<NoticeChannelUnavailableException>(() => new HttpContactRegister(down).FindAsync("12345678901", CancellationToken.None));
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
