using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.YouthChat.Features;
using DigiHelsestasjon.YouthChat.Features.Conversations;
using DigiHelsestasjon.YouthChat.Persistence;
using DigiHelsestasjon.YouthChat.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>A conversation's events as server-sent events. Numbered events carry their number as the SSE id, so a client
/// that reconnects with <c>Last-Event-ID: N</c> gets N+1 onwards: nothing lost, nothing twice. Between them come
/// unnumbered events: <c>state</c> first (where the conversation stands), <c>queue</c> (the youth's place),
/// <c>keep-alive</c>, and <c>erased</c> when the youth left with
/// quick exit. The stream ends after the conversation's <c>ended</c> event, or for a nurse who no longer holds it.</summary>
internal sealed class ChatStream(IServiceScopeFactory scopes, ChatSignals signals, IOptions<YouthChatOptions> options, TimeProvider time)
{
    // A message wakes two streams, a quick exit or a claim many: reads beyond this many at once wait here rather than
    // for a pooled connection (which would time out and end the stream).
    private readonly SemaphoreSlim reads = new(options.Value.MaxConcurrentStreamReads);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> open = new();

    /// <summary>Below the cap of streams per conversation in this instance (a token holder cannot open thousands).</summary>
    public bool MayOpen(Guid conversationId) => open.GetValueOrDefault(conversationId) < options.Value.MaxStreamsPerConversation;

    // Norwegian letters as themselves; markup characters still escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    // The two reads every wake-up makes, compiled once (per model) rather than translated each time.
    private static readonly CompiledQuery<Func<YouthChatDbContext, Guid, long, IAsyncEnumerable<ChatEvent>>> EventsAfter = new(() =>
        EF.CompileAsyncQuery((YouthChatDbContext db, Guid id, long after) =>
            db.Events.AsNoTracking().Where(e => e.ConversationId == id && e.Seq > after).OrderBy(e => e.Seq).Take(500)));

    private static readonly CompiledQuery<Func<YouthChatDbContext, Guid, Task<Conversation?>>> ConversationById = new(() =>
        EF.CompileAsyncQuery((YouthChatDbContext db, Guid id) => db.Conversations.AsNoTracking().FirstOrDefault(c => c.Id == id)));

    public async IAsyncEnumerable<SseItem<string>> ReadAsync(Guid conversationId, Guid unitId, long after, string? nurseId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        open.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
        try
        {
            await foreach (var item in ReadOpenAsync(conversationId, unitId, after, nurseId, cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            if (open.AddOrUpdate(conversationId, 0, (_, n) => n - 1) <= 0)
            {
                open.TryRemove(new KeyValuePair<Guid, int>(conversationId, 0));
            }
        }
    }

    private async IAsyncEnumerable<SseItem<string>> ReadOpenAsync(Guid conversationId, Guid unitId, long after, string? nurseId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int? lastPosition = null;
        var first = true;
        Conversation? conversation = null;
        var markedAt = DateTime.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before reading: a change committed during the read still wakes the next wait.
            var changed = signals.NextAsync(conversationId);
            var queueMoved = signals.NextAsync(unitId);
            List<ChatEvent> events;
            int? position = null;
            await reads.WaitAsync(cancellationToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<YouthChatDbContext>();
                events = await EventsAfter.For(db)(db, conversationId, after).ToListAsync(cancellationToken);

                // Most wake-ups bring messages only: the conversation itself is read again only when something about it changed
                // (or nothing came at all: it may have been erased), and while it waits in the queue.
                if (conversation is null || events.Count == 0 || events.Any(e => e.Kind != ChatEventKinds.Message) || conversation.State == ConversationStates.Queued)
                {
                    conversation = await ConversationById.For(db)(db, conversationId);
                    position = conversation is null ? null : await ChatViews.QueuePositionAsync(db, conversation, cancellationToken);
                }

                // The youth's open stream (it wakes at least every keep-alive) keeps her place in the queue.
                // Written at most every half minute from here: a busy stream wakes far more often than that.
                var now = time.GetUtcNow().UtcDateTime;
                if (nurseId is null && conversation is { State: ConversationStates.Queued } && now - markedAt >= ChatPresence.Every)
                {
                    await ChatPresence.MarkAsync(db, conversationId, now, options.Value, cancellationToken);
                    markedAt = now;
                }
            }
            finally
            {
                reads.Release();
            }

            if (conversation is null)
            {
                yield return new SseItem<string>("{}", "erased");
                yield break;
            }

            if (first)
            {
                // Sent at once, so the response starts (headers included) before anything else happens, and a client that
                // reconnects knows where the conversation stands.
                first = false;
                yield return new SseItem<string>(JsonSerializer.Serialize(new ConversationView(conversation.Id, conversation.UnitId, conversation.State, position,
                    conversation.State == ConversationStates.Active, conversation.LastSeq, conversation.EndReason), Json), "state");
            }

            foreach (var entry in events)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(ChatViews.ToView(entry), Json), entry.Kind) { EventId = entry.Seq.ToString(CultureInfo.InvariantCulture) };
                after = entry.Seq;
            }

            if (events.Count == 500)
            {
                continue;
            }

            if (position != lastPosition && position is not null)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new { queuePosition = position }, Json), "queue");
            }

            lastPosition = position;
            if (conversation.State == ConversationStates.Ended || (nurseId is not null && conversation.NurseId != nurseId))
            {
                yield break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var keepAlive = Task.Delay(options.Value.KeepAlive, wait.Token);
            var woken = await Task.WhenAny(conversation.State == ConversationStates.Queued ? [changed, queueMoved, keepAlive] : new[] { changed, keepAlive });
            await wait.CancelAsync();
            if (woken == keepAlive && !cancellationToken.IsCancellationRequested)
            {
                yield return new SseItem<string>("{}", "keep-alive");
            }
        }
    }
}
