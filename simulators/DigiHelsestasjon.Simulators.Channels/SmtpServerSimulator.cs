using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace DigiHelsestasjon.Simulators.Channels;

/// <summary>One e-mail the SMTP server took: the envelope, the headers as sent, the decoded subject and text.</summary>
public sealed record ReceivedEmail(string From, IReadOnlyList<string> To, string Subject, string? MessageId, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// <summary>Faults for the SMTP server (<c>PUT /simulators/email/faults</c>): 451 (try again later) or 550 (refused for good) to every recipient.</summary>
public sealed record SmtpFaults(bool Transient = false, bool Permanent = false);

/// <summary>A small SMTP server on a real TCP port (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), so the
/// platform's real SMTP client is what the tests exercise. It keeps what it receives for the control API.</summary>
public sealed partial class SmtpServerSimulator : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<ReceivedEmail> received = new();
    private readonly TimeProvider time;
    private readonly Task accepting;

    public SmtpServerSimulator(TimeProvider time, int port = 0)
    {
        this.time = time;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    public SmtpFaults Faults { get; set; } = new();

    public IReadOnlyList<ReceivedEmail> Outbox => received.ToList();

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 smtp.simulator DigiHelsestasjon SMTP simulator ready");
        string? from = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync(stopping.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                case "HELO":
                    await writer.WriteLineAsync("250 smtp.simulator");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    var faults = Faults;
                    if (faults.Permanent)
                    {
                        await writer.WriteLineAsync("550 5.1.1 Mailbox unavailable");
                    }
                    else if (faults.Transient)
                    {
                        await writer.WriteLineAsync("451 4.3.0 Try again later");
                    }
                    else
                    {
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                    }

                    break;
                case "DATA":
                    if (from is null || to.Count == 0)
                    {
                        await writer.WriteLineAsync("503 5.5.1 Need MAIL and RCPT first");
                        break;
                    }

                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(stopping.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    received.Enqueue(Parse(from, to.ToList(), data.ToString(), time.GetUtcNow()));
                    from = null;
                    to.Clear();
                    await writer.WriteLineAsync("250 2.0.0 Queued");
                    break;
                case "RSET":
                    from = null;
                    to.Clear();
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line.Split(':', 2).ElementAtOrDefault(1)?.Trim() ?? "";
    }

    /// <summary>Headers (unfolded), the subject's encoded words decoded, and the text body decoded from base64 or
    /// quoted-printable.</summary>
    public static ReceivedEmail Parse(string from, IReadOnlyList<string> to, string data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? data : data[..split];
        var body = split < 0 ? "" : data[(split + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                last = line[..colon].Trim();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding", "").ToLowerInvariant();
        var text = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => QuotedPrintable(body),
            _ => body,
        };
        return new ReceivedEmail(from, to, DecodeWords(headers.GetValueOrDefault("Subject", "")), headers.GetValueOrDefault("Message-ID"), headers, text.TrimEnd(), at);
    }

    private static string DecodeWords(string value) => EncodedWord().Replace(value, match =>
    {
        var charset = Encoding.GetEncoding(match.Groups[1].Value);
        var payload = match.Groups[3].Value;
        return match.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? charset.GetString(Convert.FromBase64String(payload))
            : QuotedPrintable(payload.Replace('_', ' '), charset);
    }).Replace("?= =?", "", StringComparison.Ordinal);

    private static string QuotedPrintable(string text, Encoding? charset = null)
    {
        var bytes = new List<byte>();
        var soft = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < soft.Length; i++)
        {
            if (soft[i] == '=' && i + 2 < soft.Length && Uri.IsHexDigit(soft[i + 1]) && Uri.IsHexDigit(soft[i + 2]))
            {
                bytes.Add(Convert.ToByte(soft.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(soft[i].ToString()));
            }
        }

        return (charset ?? Encoding.UTF8).GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }
}
