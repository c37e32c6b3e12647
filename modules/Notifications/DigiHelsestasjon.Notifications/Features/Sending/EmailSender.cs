using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DigiHelsestasjon.Notifications.Features.Sending;

using DigiHelsestasjon.Notifications.Features.Templates;

/// <summary><c>Notifications:Smtp:*</c>: the relay the platform sends e-mail through.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>TLS to the relay: on port 465 from the first byte (SMTPS), else STARTTLS, which must then be offered
    /// (a relay that does not offer it fails, rather than the password going in clear). False: no TLS.
    /// <see cref="Security"/> overrides it.</summary>
    public bool EnableSsl { get; set; } = true;

    /// <summary>MailKit's choice when <see cref="EnableSsl"/> is too coarse, e.g. <c>StartTlsWhenAvailable</c> for a relay
    /// inside the network that may or may not offer STARTTLS. Null (the default): derived from <see cref="EnableSsl"/>.</summary>
    public SecureSocketOptions? Security { get; set; }

    /// <summary>Whether the relay's certificate is checked against its revocation list (needs the CA's CRL server).</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>The name the platform gives in EHLO; many relays want a real host name. Empty: the machine's own.</summary>
    public string LocalDomain { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string From { get; set; } = "ikke-svar@digihelsestasjon.no";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The TLS mode used: <see cref="Security"/> if set, else what <see cref="EnableSsl"/> and the port say.</summary>
    public SecureSocketOptions EffectiveSecurity =>
        Security ?? (!EnableSsl ? SecureSocketOptions.None : Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
}

/// <summary>What became of an e-mail at the relay.</summary>
internal enum EmailResult
{
    Accepted,
    RefusedForGood,
}

/// <summary>Sends over real SMTP with MailKit. A 4xx answer, a lost connection or a relay we cannot log in to is
/// transient (retry); a 5xx answer to the recipient or the message is final (fall back to SMS). The Message-ID is the
/// notice's, so a mail client can tell a retry's copy from a new notice.</summary>
internal sealed class EmailSender(IOptions<SmtpOptions> options, TimeProvider time)
{
    public async Task<EmailResult> SendAsync(Guid noticeId, string to, RenderedNotice notice, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new NoticeChannelUnavailableException("No SMTP relay is configured (Notifications:Smtp:Host).");
        }

        using var message = Compose(noticeId, settings.From, to, notice, time.GetUtcNow());
        using var client = new SmtpClient
        {
            Timeout = (int)settings.Timeout.TotalMilliseconds,
            CheckCertificateRevocation = settings.CheckCertificateRevocation,
        };
        if (!string.IsNullOrWhiteSpace(settings.LocalDomain))
        {
            client.LocalDomain = settings.LocalDomain;
        }

        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.EffectiveSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500
            && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // The relay will never take this address or message: another channel may reach the person.
            return EmailResult.RefusedForGood;
        }
        catch (Exception exception) when (exception is CommandException or ProtocolException or IOException or SocketException
            or MailKit.Security.AuthenticationException or SslHandshakeException or TimeoutException or InvalidOperationException)
        {
            // 4xx, a dropped or refused connection, or the relay's own set-up (our sender refused, the login or the
            // certificate failing): none of it says the address is bad, so the notice is retried and, if it never
            // goes, dead-lettered where the operator sees it, rather than quietly sent as SMS instead.
            throw new NoticeChannelUnavailableException($"The SMTP relay did not take the e-mail: {exception.Message}", exception);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is CommandException or ProtocolException or IOException or SocketException)
        {
            // The relay has already said 250 to the message; a failed QUIT must not make the notice go again.
        }

        return EmailResult.Accepted;
    }

    /// <summary>A plain-text UTF-8 message. MimeKit encodes the subject as RFC 2047 words and MailKit picks the body's
    /// transfer encoding from what the relay offers (8bit with 8BITMIME, else quoted-printable or base64).</summary>
    internal static MimeMessage Compose(Guid noticeId, string from, string to, RenderedNotice notice, DateTimeOffset date)
    {
        var body = new TextPart(MimeKit.Text.TextFormat.Plain);
        body.SetText(Encoding.UTF8, notice.Body);
        var message = new MimeMessage
        {
            Subject = notice.Subject,
            MessageId = $"{noticeId:N}.email@digihelsestasjon.no",
            // The platform's clock, not MimeKit's default of the machine's: a test's clock shows in the Date header.
            Date = date,
            Body = body,
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        // RFC 3834: no out-of-office or bounce loops back to a no-reply address.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
