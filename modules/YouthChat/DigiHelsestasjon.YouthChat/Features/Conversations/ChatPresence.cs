using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>A place in the queue is held by a youth who is there. Before, a chat that had said one word waited an hour, so
/// a flood of one-word chats from rotating addresses kept a unit's queue full. Now a waiting youth's open event stream
/// and her requests show she is there (at most one write per half minute); one not seen for
/// <see cref="YouthChatOptions.QueuedAbsentTimeout"/> leaves the queue. Once a nurse has the chat, only
/// <see cref="YouthChatOptions.IdleTimeout"/> counts.</summary>
internal static class ChatPresence
{
    /// <summary>How often a youth's presence is written at the most.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    /// <summary>When a conversation ends by itself unless something happens.</summary>
    public static DateTime IdleAt(Conversation conversation, YouthChatOptions options)
    {
        if (conversation.State != ConversationStates.Queued)
        {
            return conversation.LastActivityAt + options.IdleTimeout;
        }

        var absent = conversation.LastActivityAt + options.QueuedAbsentTimeout;
        var silent = conversation.CreatedAt + options.QueuedSilenceTimeout;
        return conversation.LastSeq == 0 && silent < absent ? silent : absent;
    }

    /// <summary>How soon to look again at a conversation that just opened or got an event: the sooner of its possible ends.</summary>
    public static TimeSpan CheckAfter(YouthChatOptions options) =>
        new[] { options.QueuedAbsentTimeout, options.QueuedSilenceTimeout, options.IdleTimeout }.Min();

    /// <summary>A waiting youth not seen this long has most likely closed the tab: her open stream writes at least every
    /// <see cref="Every"/> plus a keep-alive, so twice that is missed only when she is gone. At most half the absence that
    /// ends it, so the nurse's queue marks it before it leaves.</summary>
    public static TimeSpan AwayAfter(YouthChatOptions options)
    {
        var missed = 2 * (Every + options.KeepAlive);
        var half = options.QueuedAbsentTimeout / 2;
        return missed < half ? missed : half;
    }

    /// <summary>A waiting youth is away: not seen for <see cref="AwayAfter"/>.</summary>
    public static bool IsAway(Conversation conversation, DateTime now, YouthChatOptions options) =>
        conversation.State == ConversationStates.Queued && conversation.LastActivityAt + AwayAfter(options) <= now;

    /// <summary>Why a conversation that reached <see cref="IdleAt"/> ends: a waiting youth who is gone abandoned it.</summary>
    public static string EndReason(Conversation conversation, DateTime now, YouthChatOptions options) =>
        conversation.State == ConversationStates.Queued && conversation.LastActivityAt + options.QueuedAbsentTimeout <= now ? EndReasons.Abandoned : EndReasons.Idle;

    /// <summary>The youth of a waiting conversation is here now.</summary>
    public static Task<int> MarkAsync(YouthChatDbContext db, Guid conversationId, DateTime now, YouthChatOptions options, CancellationToken cancellationToken)
    {
        var markedBefore = now - Every;
        var checkAt = now + CheckAfter(options);
        // Never later than the check already due: a silent youth who is there still leaves at her silence's end (the check
        // then finds her here and looks again when her absence could end it).
        return db.Conversations
            .Where(c => c.Id == conversationId && c.State == ConversationStates.Queued && c.LastActivityAt < markedBefore)
            .ExecuteUpdateAsync(
                set => set.SetProperty(c => c.LastActivityAt, now).SetProperty(c => c.NextCheckAt, c => c.NextCheckAt < checkAt ? c.NextCheckAt : checkAt),
                cancellationToken);
    }
}
