using System.Net;
using System.Net.Mail;

namespace DigiHelsestasjon.Notifications.Features;

/// <summary><c>Notifications:Smtp:*</c>: the relay the platform sends e-mail through.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string From { get; set; } = "ikke-svar@digihelsestasjon.no";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>What became of an e-mail at the relay.</summary>
internal enum EmailResult
{
    Accepted,
    RefusedForGood,
}

/// <summary>Sends over real SMTP (<see cref="SmtpClient"/>; MailKit is not on the package mirror). A 4xx answer or a lost
/// connection is transient (retry); a 5xx answer to the recipient is final (fall back to SMS). The Message-ID is the
/// notice's, so a mail client can tell a retry's copy from a new notice.</summary>
internal sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public async Task<EmailResult> SendAsync(Guid noticeId, string to, RenderedNotice notice, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new NoticeChannelUnavailableException("No SMTP relay is configured (Notifications:Smtp:Host).");
        }

        using var message = new MailMessage(settings.From, to)
        {
            Subject = notice.Subject,
            Body = notice.Body,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        message.Headers.Add("Message-ID", $"<{noticeId:N}.email@digihelsestasjon.no>");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)settings.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return EmailResult.Accepted;
        }
        catch (SmtpFailedRecipientException exception) when ((int)exception.StatusCode >= 500)
        {
            return EmailResult.RefusedForGood;
        }
        catch (SmtpException exception) when ((int)exception.StatusCode >= 500 && exception.StatusCode != SmtpStatusCode.GeneralFailure)
        {
            return EmailResult.RefusedForGood;
        }
        catch (Exception exception) when (exception is SmtpException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new NoticeChannelUnavailableException($"The SMTP relay did not take the e-mail: {exception.Message}", exception);
        }
    }
}
