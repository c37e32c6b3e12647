using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DigiHelsestasjon.Simulators.Channels;

/// <summary>One e-mail the SMTP server took: the envelope, the headers (unfolded, encoded words decoded), the decoded
/// subject and text.</summary>
public sealed record ReceivedEmail(string From, IReadOnlyList<string> To, string Subject, string? MessageId, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// <summary>Faults for the SMTP server (<c>PUT /simulators/email/faults</c>): 451 (try again later) or 550 (refused for good) to every recipient.</summary>
public sealed record SmtpFaults(bool Transient = false, bool Permanent = false);

/// <summary>An SMTP server on a real TCP port, so the platform's real SMTP client is what the tests exercise. The
/// protocol is the SmtpServer library's (ESMTP with PIPELINING, 8BITMIME and SMTPUTF8); the message is parsed with
/// MimeKit, so encoded-word subjects and quoted-printable, base64 or 8bit bodies arrive decoded. It keeps what it
/// receives for the control API.</summary>
public sealed class SmtpServerSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<ReceivedEmail> received = new();
    private readonly TimeProvider time;
    private readonly Task running;

    public SmtpServerSimulator(TimeProvider time, int port = 0)
    {
        this.time = time;
        var listeners = new EndpointListenerFactory();
        EndPoint? bound = null;
        listeners.EndpointStarted += (_, e) => bound = e.LocalEndPoint;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.simulator")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Recipients(this));
        services.Add(new Store(this));
        // The library binds the socket synchronously inside StartAsync (before its first await), so the port asked for,
        // or the free one the system picked for 0, is known here; a port in use shows as a faulted task.
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stopping.Token);
        if (running.IsFaulted)
        {
            running.GetAwaiter().GetResult();
        }

        Port = (bound as IPEndPoint)?.Port ?? throw new InvalidOperationException("The SMTP simulator did not start listening.");
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    public SmtpFaults Faults { get; set; } = new();

    public IReadOnlyList<ReceivedEmail> Outbox => received.ToList();

    /// <summary>An e-mail as the outbox shows it: the message's and its body's headers, unfolded and decoded; the text
    /// body (the HTML one if there is no text one) decoded from its transfer encoding and charset, line ends as sent
    /// (MimeKit's <c>TextBody</c> would turn CRLF into LF).</summary>
    public static ReceivedEmail Parse(string from, IReadOnlyList<string> to, MimeMessage message, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in message.Headers.Concat(message.Body?.Headers ?? []))
        {
            headers[header.Field] = header.Value.Trim();
        }

        var messageId = message.MessageId is { } id ? $"<{id}>" : null;
        return new ReceivedEmail(from, to, message.Subject ?? "", messageId, headers, Text(message).TrimEnd(), at);
    }

    private static string Text(MimeMessage message)
    {
        var parts = message.BodyParts.OfType<TextPart>().ToList();
        if ((parts.Find(p => p.IsPlain) ?? parts.Find(p => p.IsHtml)) is not { Content: { } content } part)
        {
            return "";
        }

        using var decoded = new MemoryStream();
        content.DecodeTo(decoded);
        return (part.ContentType.CharsetEncoding ?? Encoding.UTF8).GetString(decoded.ToArray());
    }

    private static string Address(IMailbox mailbox) =>
        string.IsNullOrEmpty(mailbox.Host) ? mailbox.User ?? "" : $"{mailbox.User}@{mailbox.Host}";

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    /// <summary>The faults, answered to RCPT: 550 for good, or 451 to try again later.</summary>
    private sealed class Recipients(SmtpServerSimulator simulator) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var faults = simulator.Faults;
            if (faults.Permanent)
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 Mailbox unavailable"));
            }

            if (faults.Transient)
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Try again later"));
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Store(SmtpServerSimulator simulator) : IMessageStore
    {
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            using var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            simulator.received.Enqueue(Parse(Address(transaction.From), transaction.To.Select(Address).ToList(), message, simulator.time.GetUtcNow()));
            return new SmtpResponse(SmtpReplyCode.Ok, "2.0.0 Queued");
        }
    }
}
