using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiHelsestasjon.Epj.Sdk.National.Amqp;

/// <summary>What a listener decided about one delivery.</summary>
public enum DeliveryOutcome
{
    /// <summary>Done (its effect and its answer are saved or sent): remove it from the queue.</summary>
    Accept,

    /// <summary>Not done, try again (the database or the broker failed meanwhile): back on the queue.</summary>
    Release,
}

/// <summary>One persistent AMQP 1.0 connection to the broker that reconnects by itself. AMQPNetLite does not: a broker
/// restart closes the connection (<c>amqp:connection:forced</c>), so every send and every listener goes through
/// <see cref="ConnectAsync"/>, which opens a new one after the old one closed. Durable queues and persistent messages
/// mean nothing sent before a restart is lost; a delivery not yet accepted comes again after it.</summary>
public sealed class AmqpBus(string address, ILogger? logger = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ILogger log = logger ?? NullLogger.Instance;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> listeners = [];
    private Connection? connection;
    private Session? sendSession;
    private readonly Dictionary<string, SenderLink> senders = new(StringComparer.Ordinal);

    /// <summary>How long to wait before trying the broker again.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sending to a queue declares it when it is missing (a broker of our own): RabbitMQ takes a message for a
    /// queue that does not exist and drops it, so without this a receiver whose queues are not there yet loses what is
    /// sent. On NHN's bus every queue exists and may not be declared: set false.</summary>
    public bool DeclaresQueuesItSendsTo { get; init; } = true;

    /// <summary>Declares durable queues (RabbitMQ declares a queue when a link attaches to <c>/queue/name</c>; a durable
    /// terminus makes it durable). On the national bus NHN creates them; here the platform, the simulators and the
    /// tests create their own.</summary>
    public async Task DeclareAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var open = await ConnectAsync(cancellationToken);
        var session = new Session(open);
        try
        {
            foreach (var queue in queues)
            {
                var link = new SenderLink(session, $"declare-{queue}", new Target { Address = $"/queue/{queue}", Durable = 2 }, null);
                await link.CloseAsync();
            }

            await session.CloseAsync();
        }
        catch (AmqpException exception)
        {
            // A queue that exists with other arguments (NHN's) refuses a declaration: say which setting to change.
            await ForgetAsync();
            throw new EpjTransportException($"The broker refused to declare the queues ({exception.Error?.Condition}); on a bus whose queues exist, turn declaring off.", exception);
        }
    }

    /// <summary>Sends and waits for the broker to take the message (it is then durable on the queue).</summary>
    /// <exception cref="EpjTransportException">The broker did not take it; send again (the receiver ignores a duplicate).</exception>
    public async Task SendAsync(string queue, NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        try
        {
            var link = await SenderAsync(queue, cancellationToken);
            await link.SendAsync(envelope.ToAmqp(), TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is AmqpException or ObjectDisposedException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await ForgetAsync();
            throw new EpjTransportException($"The broker did not take the message for {queue}: {exception.Message}", exception);
        }
    }

    /// <summary>Receives from a queue until disposed, up to <paramref name="concurrency"/> deliveries at a time,
    /// reconnecting after a broker restart. A handler that throws releases the delivery (it comes again).</summary>
    /// <remarks>One at a time, each message waited for its signature, decryption, the database and its answer's send
    /// before the next began: 66 round trips a second where HTTP did 1,100. Messages on a queue are independent (an
    /// appointment's versions tolerate any order; a MsgId seen twice has one effect), so they are handled side by side.</remarks>
    public void Listen(string queue, Func<NationalEnvelope, CancellationToken, Task<DeliveryOutcome>> handle, int credit = 16, int concurrency = 8)
    {
        ArgumentNullException.ThrowIfNull(handle);
        listeners.Add(Task.Run(() => ListenLoopAsync(queue, handle, Math.Max(credit, concurrency), Math.Max(1, concurrency), stopping.Token)));
    }

    private async Task ListenLoopAsync(string queue, Func<NationalEnvelope, CancellationToken, Task<DeliveryOutcome>> handle, int credit, int concurrency, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(concurrency);
        while (!cancellationToken.IsCancellationRequested)
        {
            Session? session = null;
            try
            {
                var open = await ConnectAsync(cancellationToken);
                session = new Session(open);
                var receiver = new ReceiverLink(session, $"listen-{queue}-{Guid.NewGuid():N}", NationalQueues.Address(queue));
                receiver.SetCredit(credit, autoRestore: true);
                while (!cancellationToken.IsCancellationRequested && !receiver.IsClosed)
                {
                    var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1));
                    if (message is null)
                    {
                        continue;
                    }

                    await inFlight.WaitAsync(cancellationToken);
                    _ = HandleAsync(receiver, message, queue, handle, inFlight, cancellationToken);
                }

                // Let what is in hand finish before the session closes (a delivery not settled then comes again anyway).
                for (var i = 0; i < concurrency; i++)
                {
                    await inFlight.WaitAsync(cancellationToken);
                }

                inFlight.Release(concurrency);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                log.LogInformation("Listening on {Queue} stopped ({Error}); reconnecting.", queue, exception.Message);
                await ForgetAsync();
                await DelayAsync(cancellationToken);
            }
            finally
            {
                if (session is not null)
                {
                    try
                    {
                        await session.CloseAsync(TimeSpan.FromSeconds(2), null);
                    }
                    catch (Exception exception) when (exception is AmqpException or ObjectDisposedException or TimeoutException or InvalidOperationException)
                    {
                        // The connection is already gone; nothing to close.
                    }
                }
            }
        }
    }

    private async Task HandleAsync(ReceiverLink receiver, Message message, string queue, Func<NationalEnvelope, CancellationToken, Task<DeliveryOutcome>> handle, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = await handle(NationalEnvelope.FromAmqp(message), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                log.LogWarning(exception, "A delivery from {Queue} failed; it goes back on the queue.", queue);
                outcome = DeliveryOutcome.Release;
            }

            if (outcome == DeliveryOutcome.Accept)
            {
                receiver.Accept(message);
            }
            else
            {
                // A pause first, so a message that keeps failing does not spin; then Release, never Modify (RabbitMQ ends
                // the whole session on Modify).
                await DelayAsync(cancellationToken);
                receiver.Release(message);
            }
        }
        catch (Exception exception) when (exception is AmqpException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The link closed meanwhile (a broker restart, shutting down): the broker delivers it again.
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ReconnectDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<SenderLink> SenderAsync(string queue, CancellationToken cancellationToken)
    {
        var open = await ConnectAsync(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (senders.TryGetValue(queue, out var existing) && !existing.IsClosed)
            {
                return existing;
            }

            sendSession = sendSession is { IsClosed: false } ? sendSession : new Session(open);
            var link = new SenderLink(sendSession, $"send-{queue}-{Guid.NewGuid():N}", new Target { Address = DeclaresQueuesItSendsTo ? $"/queue/{queue}" : NationalQueues.Address(queue), Durable = 2 }, null);
            senders[queue] = link;
            return link;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The open connection, or a new one when the old one closed.</summary>
    public async Task<Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is { IsClosed: false })
            {
                return connection;
            }

            senders.Clear();
            sendSession = null;
            try
            {
                connection = await Connection.Factory.CreateAsync(new Address(address)).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (Exception exception) when (exception is AmqpException or TimeoutException or System.Net.Sockets.SocketException or IOException)
            {
                throw new EpjTransportException($"The broker does not answer: {exception.Message}", exception);
            }

            return connection;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ForgetAsync()
    {
        await gate.WaitAsync();
        try
        {
            var old = connection;
            connection = null;
            senders.Clear();
            sendSession = null;
            if (old is { IsClosed: false })
            {
                try
                {
                    await old.CloseAsync(TimeSpan.FromSeconds(2), null);
                }
                catch (Exception exception) when (exception is AmqpException or ObjectDisposedException or TimeoutException or InvalidOperationException)
                {
                    // Already broken; the next call opens a new one.
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private int disposed;

    /// <summary>Idempotent: a host's container may dispose a bus's owner twice (as a singleton and as a hosted service).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(listeners).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
        }

        await ForgetAsync();
        stopping.Dispose();
        gate.Dispose();
    }
}
