using System.Net;
using System.Net.Sockets;
using System.Text;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Notifications.Features.Templates;
using DigiHelsestasjon.Simulators.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Notifications.Tests;

/// <summary>The platform's SMTP client (MailKit) against the SMTP simulator (the SmtpServer library, MimeKit to read
/// the message) over a real socket on 127.0.0.1: Norwegian text both ways, each transfer encoding, and the relay's
/// answers the notice queue acts on. A fixed clock, so nothing here depends on the day it runs.</summary>
public sealed class EmailTests : IAsyncLifetime
{
    private const string Subject = "Påminnelse: time på helsestasjonen";
    private const string Body = "Hei! Du har time hos helsesykepleier på torsdag. Logg inn på helsenorge.no for å se den.\r\n\r\næøå ÆØÅ";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private SmtpServerSimulator simulator = null!;

    public Task InitializeAsync()
    {
        simulator = new SmtpServerSimulator(clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task Given_a_Norwegian_subject_and_body_When_the_platform_sends_them_Then_the_simulator_has_them_decoded_exactly_with_the_notice_headers()
    {
        var noticeId = Guid.NewGuid();

        var result = await Sender(simulator.Port).SendAsync(noticeId, "kari.nordmann@example.no", new RenderedNotice("", Subject, Body), CancellationToken.None);

        result.ShouldBe(EmailResult.Accepted);
        var mail = simulator.Outbox.ShouldHaveSingleItem();
        mail.Subject.ShouldBe(Subject);
        mail.Body.ShouldBe(Body);
        mail.From.ShouldBe("ikke-svar@digihelsestasjon.no");
        mail.To.ShouldBe(["kari.nordmann@example.no"]);
        mail.MessageId.ShouldBe($"<{noticeId:N}.email@digihelsestasjon.no>");
        mail.Headers["Auto-Submitted"].ShouldBe("auto-generated");
        mail.Headers["Content-Type"].ShouldContain("charset=utf-8", Case.Insensitive);
        DateTimeOffset.Parse(mail.Headers["Date"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(clock.GetUtcNow(), "the Date header is the platform's clock");
        mail.At.ShouldBe(clock.GetUtcNow());
    }

    [Fact]
    public async Task Given_the_simulator_When_a_client_says_EHLO_Then_it_offers_8BITMIME_and_SMTPUTF8()
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", simulator.Port, SecureSocketOptions.None);

        client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime).ShouldBeTrue("8BITMIME");
        client.Capabilities.HasFlag(SmtpCapabilities.UTF8).ShouldBeTrue("SMTPUTF8");
        await client.DisconnectAsync(true);
    }

    [Theory]
    [InlineData(ContentEncoding.QuotedPrintable, false, "quoted-printable")]
    [InlineData(ContentEncoding.Base64, false, "base64")]
    [InlineData(ContentEncoding.EightBit, false, "8bit")]
    [InlineData(ContentEncoding.EightBit, true, "8bit")]
    public async Task Given_a_body_in_a_transfer_encoding_and_the_subject_as_encoded_words_or_raw_UTF8_When_sent_Then_the_simulator_decodes_both(
        ContentEncoding encoding, bool rawUtf8Headers, string onTheWire)
    {
        var text = new TextPart(MimeKit.Text.TextFormat.Plain) { ContentTransferEncoding = encoding };
        text.SetText(Encoding.UTF8, Body);
        using var message = new MimeMessage { Subject = Subject, Body = text, Date = clock.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse("ikke-svar@digihelsestasjon.no"));
        message.To.Add(MailboxAddress.Parse("ola@example.no"));
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", simulator.Port, SecureSocketOptions.None);

        // International: headers as raw UTF-8 under SMTPUTF8 (RFC 6532) instead of RFC 2047 encoded words.
        var format = FormatOptions.Default.Clone();
        format.International = rawUtf8Headers;
        await client.SendAsync(format, message);
        await client.DisconnectAsync(true);

        var mail = simulator.Outbox.ShouldHaveSingleItem();
        mail.Headers["Content-Transfer-Encoding"].ShouldBe(onTheWire, "the encoding the simulator had to undo");
        mail.Subject.ShouldBe(Subject);
        mail.Body.ShouldBe(Body);
    }

    [Fact]
    public async Task Given_the_relay_answers_451_to_the_recipient_When_the_platform_sends_Then_it_is_transient_and_nothing_is_delivered()
    {
        simulator.Faults = new SmtpFaults(Transient: true);

        var exception = await Should.ThrowAsync<NoticeChannelUnavailableException>(
            () => Sender(simulator.Port).SendAsync(Guid.NewGuid(), "kari@example.no", new RenderedNotice("", Subject, Body), CancellationToken.None));

        ((int)exception.InnerException.ShouldBeOfType<SmtpCommandException>().StatusCode).ShouldBe(451);
        simulator.Outbox.ShouldBeEmpty();
        simulator.Faults = new SmtpFaults();
        (await Sender(simulator.Port).SendAsync(Guid.NewGuid(), "kari@example.no", new RenderedNotice("", Subject, Body), CancellationToken.None))
            .ShouldBe(EmailResult.Accepted, "the retry goes once the relay takes mail again");
    }

    [Fact]
    public async Task Given_the_relay_answers_550_to_the_recipient_When_the_platform_sends_Then_it_is_refused_for_good()
    {
        simulator.Faults = new SmtpFaults(Permanent: true);

        (await Sender(simulator.Port).SendAsync(Guid.NewGuid(), "kari@example.no", new RenderedNotice("", Subject, Body), CancellationToken.None))
            .ShouldBe(EmailResult.RefusedForGood);
        simulator.Outbox.ShouldBeEmpty();
    }

    [Fact]
    public async Task Given_a_relay_that_drops_the_connection_When_the_platform_sends_Then_it_is_transient()
    {
        // A listener that takes the connection and closes it at once, before the 220 greeting: a relay lost mid-way.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dropping = Task.Run(async () =>
        {
            using var connection = await listener.AcceptTcpClientAsync();
            connection.Client.Close();
        });

        await Should.ThrowAsync<NoticeChannelUnavailableException>(
            () => Sender(((IPEndPoint)listener.LocalEndpoint).Port).SendAsync(Guid.NewGuid(), "kari@example.no", new RenderedNotice("", Subject, Body), CancellationToken.None));
        await dropping;
    }

    [Fact]
    public void Given_the_relay_settings_When_only_EnableSsl_is_set_Then_port_465_is_TLS_from_the_start_and_others_require_STARTTLS()
    {
        new SmtpOptions { Port = 465 }.EffectiveSecurity.ShouldBe(SecureSocketOptions.SslOnConnect);
        new SmtpOptions { Port = 587 }.EffectiveSecurity.ShouldBe(SecureSocketOptions.StartTls);
        new SmtpOptions { Port = 25, EnableSsl = false }.EffectiveSecurity.ShouldBe(SecureSocketOptions.None);
        new SmtpOptions { Port = 25, Security = SecureSocketOptions.StartTlsWhenAvailable }.EffectiveSecurity.ShouldBe(SecureSocketOptions.StartTlsWhenAvailable);
    }

    private EmailSender Sender(int port) =>
        new(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, EnableSsl = false, Timeout = TimeSpan.FromSeconds(30) }), clock);
}
