using System.Security.Claims;
using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.Conversations;

using DigiHelsestasjon.YouthChat.Features.HandOver;

/// <summary>Kinds of numbered events, the same words in the event stream.</summary>
internal static class ChatEventKinds
{
    public const string Message = "message";
    public const string NurseJoined = "nurse-joined";

    /// <summary>The nurse put it back in the queue, or passed it to a colleague (who then joins).</summary>
    public const string NurseLeft = "nurse-left";

    /// <summary>The youth logged in and goes on in a message thread.</summary>
    public const string Identified = "identified";

    public const string Ended = "ended";
}

internal static class ChatAuthors
{
    public const string Youth = "youth";
    public const string Nurse = "nurse";
    public const string System = "system";
}

/// <summary>The conversation token: 256 random bits, given to the youth once, kept only as its SHA-256.</summary>
internal static class ConversationTokens
{
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The token from <c>Authorization: Bearer</c>, hashed; null when there is none.</summary>
    public static string? HashFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 && header.Length < 200 ? Hash(header[7..].Trim()) : null;
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Who is on the other end of a request: the youth (by token) or a nurse (by HelseID token and unit membership).</summary>
internal sealed record ChatCaller(string Author, string? NurseId, IReadOnlyList<Guid> NurseUnits)
{
    public static ChatCaller Youth { get; } = new(ChatAuthors.Youth, null, []);

    public static ChatCaller Nurse(ClaimsPrincipal user) => new(ChatAuthors.Nurse, user.FindFirst("sub")?.Value ?? "", user.UnitIds());

    public bool IsNurse => Author == ChatAuthors.Nurse;
}

/// <summary>Finding a conversation for a caller. What the caller may not see is 404, never 403: a token that does not match, a
/// nurse of another unit, or a nurse who does not hold it (for what only the holder may do).</summary>
internal static class ChatAccess
{
    public static async Task<Conversation> ForYouthAsync(YouthChatDbContext db, Guid conversationId, string? tokenHash, CancellationToken cancellationToken) =>
        tokenHash is null ? throw new NotFoundException("conversation")
        : await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId && c.TokenHash == tokenHash, cancellationToken)
            ?? throw new NotFoundException("conversation");

    public static async Task<Conversation> ForNurseAsync(YouthChatDbContext db, Guid conversationId, ChatCaller nurse, bool mustHold, CancellationToken cancellationToken)
    {
        var units = nurse.NurseUnits;
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId && units.Contains(c.UnitId), cancellationToken)
            ?? throw new NotFoundException("conversation");
        return mustHold && conversation.NurseId != nurse.NurseId ? throw new NotFoundException("conversation") : conversation;
    }

    public static Task<Conversation> ForCallerAsync(YouthChatDbContext db, Guid conversationId, ChatCaller caller, string? tokenHash, CancellationToken cancellationToken) =>
        caller.IsNurse ? ForNurseAsync(db, conversationId, caller, mustHold: true, cancellationToken) : ForYouthAsync(db, conversationId, tokenHash, cancellationToken);
}

/// <summary>Appends numbered events. The number comes from the conversation row, incremented in the same transaction, so
/// two writers (two instances) never give out one number twice and a reader resuming after N misses nothing.</summary>
internal sealed class ChatLog(YouthChatDbContext db, UnitOfWork unitOfWork, TimeProvider time, IOptions<YouthChatOptions> options)
{
    /// <summary>Appends one event; false when the conversation has ended (or is gone) meanwhile.</summary>
    /// <param name="change">More to set on the conversation in the same statement (a state change).</param>
    /// <param name="onlyIf">The state the change requires, checked in the same statement.</param>
    public async Task<ChatEvent?> AppendAsync(
        Guid conversationId, string kind, string author, string? text, CancellationToken cancellationToken,
        string? clientKey = null, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Conversation>>? change = null,
        System.Linq.Expressions.Expression<Func<Conversation, bool>>? onlyIf = null, DateTime? nextCheckAt = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var checkAt = nextCheckAt ?? now + ChatPresence.CheckAfter(options.Value);
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        var query = db.Conversations.Where(c => c.Id == conversationId && c.State != ConversationStates.Ended);
        query = onlyIf is null ? query : query.Where(onlyIf);
        var updated = await query.ExecuteUpdateAsync(
            set =>
            {
                set.SetProperty(c => c.LastSeq, c => c.LastSeq + 1).SetProperty(c => c.LastActivityAt, now).SetProperty(c => c.NextCheckAt, checkAt);
                change?.Invoke(set);
            },
            cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        var seq = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.LastSeq).SingleAsync(cancellationToken);
        var entry = new ChatEvent { ConversationId = conversationId, Seq = seq, Kind = kind, Author = author, Text = text, At = now, ClientKey = clientKey };
        db.Events.Add(entry);
        return entry;
    }

    /// <summary>Takes the conversation's row lock for the rest of the unit (an update that changes nothing): whoever else writes
    /// to it waits, and what they wrote before is committed now. SQLite has one writer at a time anyway.</summary>
    public async Task HoldAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(set => set.SetProperty(c => c.LastSeq, c => c.LastSeq), cancellationToken);
    }

    /// <summary>A message: the common case, so the number is taken and returned in one statement (<c>UPDATE ... RETURNING</c>).
    /// A nurse's message needs her to hold the conversation; the youth's needs it not to have ended. Null when it may not be added.</summary>
    public async Task<ChatEvent?> AppendMessageAsync(Guid conversationId, string author, string text, string? clientKey, string? holder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        var entity = db.Model.FindEntityType(typeof(Conversation))!;
        var table = db.QualifiedTable(entity);
        var onlyHolder = holder is null ? "" : $" AND \"NurseId\" = {{4}} AND \"State\" = '{ConversationStates.Active}'";
        var set = $"UPDATE {table} SET \"LastSeq\" = \"LastSeq\" + 1, \"LastActivityAt\" = {{0}}, \"NextCheckAt\" = {{1}} ";
        var where = $"WHERE \"Id\" = {{2}} AND \"State\" <> {{3}}{onlyHolder}";
        var sql = db.IsSqlServer ? $"{set}OUTPUT inserted.\"LastSeq\" AS \"Value\" {where}" : $"{set}{where} RETURNING \"LastSeq\" AS \"Value\"";
        var seqs = await db.Database.SqlQueryRaw<long>(sql, now, now + ChatPresence.CheckAfter(options.Value), conversationId, ConversationStates.Ended, holder ?? "").ToListAsync(cancellationToken);
        if (seqs.Count == 0)
        {
            return null;
        }

        var entry = new ChatEvent { ConversationId = conversationId, Seq = seqs[0], Kind = ChatEventKinds.Message, Author = author, Text = text, At = now, ClientKey = clientKey };
        db.Events.Add(entry);
        return entry;
    }

    /// <summary>Ends the conversation with a last event and writes its content-free count for the figures; from now the
    /// retention time runs. Null when it had already ended.</summary>
    public async Task<ChatEvent?> EndAsync(Conversation conversation, string reason, string author, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var purgeAt = now + TimeSpan.FromHours(conversation.RetentionHours);
        var ended = await AppendAsync(conversation.Id, ChatEventKinds.Ended, author, reason, cancellationToken, change: set => set
            .SetProperty(c => c.State, ConversationStates.Ended).SetProperty(c => c.EndedAt, now).SetProperty(c => c.EndReason, reason)
            .SetProperty(c => c.LockedBy, (string?)null).SetProperty(c => c.LeaseUntil, (DateTime?)null), nextCheckAt: purgeAt);
        if (ended is not null)
        {
            db.Counts.Add(Count(conversation, reason));
        }

        return ended;
    }

    /// <summary>The figures' record of a conversation, written once, when it ends (or is erased before it ended).</summary>
    public static ConversationCount Count(Conversation conversation, string reason) => new()
    {
        Id = Guid.NewGuid(), UnitId = conversation.UnitId, Kommunenummer = conversation.Kommunenummer, Day = conversation.CreatedAt.Date,
        WaitSeconds = conversation.FirstClaimedAt is { } claimed ? (int)Math.Max(0, (claimed - conversation.CreatedAt).TotalSeconds) : null,
        HandedOver = reason == EndReasons.HandedOver, EndReason = reason,
    };
}

internal static class EndReasons
{
    public const string Youth = "youth";
    public const string Nurse = "nurse";
    public const string Idle = "idle";

    /// <summary>Left the queue because the youth was gone (the tab closed): no stream, no request for a while.</summary>
    public const string Abandoned = "abandoned";
    public const string Abusive = "abusive";
    public const string HandedOver = "handed-over";
    public const string QueueCleared = "queue-cleared";
}

/// <summary>One event as both sides receive it.</summary>
public sealed record ChatEventView(long Seq, string Kind, string From, string? Text, DateTimeOffset At);

/// <summary>Where a conversation stands.</summary>
/// <param name="QueuePosition">1 = next; null once a nurse has it.</param>
public sealed record ConversationView(Guid ConversationId, Guid UnitId, string State, int? QueuePosition, bool NurseJoined, long LastSeq, string? EndReason);

internal static class ChatViews
{
    public static ChatEventView ToView(ChatEvent e) => new(e.Seq, e.Kind, e.Author, e.Text, new DateTimeOffset(e.At, TimeSpan.Zero));

    /// <summary>1 + the conversations of the unit that have waited longer; null unless it waits.</summary>
    public static async Task<int?> QueuePositionAsync(YouthChatDbContext db, Conversation conversation, CancellationToken cancellationToken) =>
        conversation.State != ConversationStates.Queued ? null
        : 1 + await db.Conversations.CountAsync(
            c => c.UnitId == conversation.UnitId && c.State == ConversationStates.Queued
                && c.CreatedAt < conversation.CreatedAt,
            cancellationToken);

    public static async Task<ConversationView> ToViewAsync(YouthChatDbContext db, Conversation conversation, CancellationToken cancellationToken) => new(
        conversation.Id, conversation.UnitId, conversation.State, await QueuePositionAsync(db, conversation, cancellationToken),
        conversation.State == ConversationStates.Active, conversation.LastSeq, conversation.EndReason);
}

/// <summary>Where a young person can get help now, shown when the chat is closed or full.</summary>
public sealed record HelpLine(string Name, string Phone, string When);

/// <summary>The national help lines, for a refusal the youth chat itself does not answer (the host's own rate limit).</summary>
public static class YouthChatHelpLines
{
    public static IReadOnlyList<HelpLine> National => HelpLines.All;
}

internal static class HelpLines
{
    public static IReadOnlyList<HelpLine> All { get; } =
    [
        new("Alarmtelefonen for barn og unge", "116 111", "Gratis, hele døgnet"),
        new("Medisinsk nødtelefon", "113", "Når det haster"),
    ];

    /// <summary>The unit's own phone first (the nurses a youth wanted to reach), then the national lines.</summary>
    public static IReadOnlyList<HelpLine> For(UnitChatSettings unit) =>
        unit.Phone is { } phone ? [new(unit.Name, phone, "I åpningstiden"), .. All] : All;
}
