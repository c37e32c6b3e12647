using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Messaging.Contracts;
using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.HandOver;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="ConversationToken">The anonymous conversation's token (the login token is in the Authorization header).</param>
/// <param name="ConsentToCopyTranscript">True only if the youth explicitly agreed to copy the chat into the thread and the journal.</param>
/// <param name="Message">The youth's first message in the new thread.</param>
public sealed record HandOverBody(string? ConversationToken, bool? ConsentToCopyTranscript, string? Message);

/// <param name="SubjectId">The youth's own subject id: the thread is at <c>/api/v1/subjects/{subjectId}/threads/{threadId}</c>.</param>
public sealed record HandedOver(Guid ThreadId, Guid SubjectId, bool TranscriptCopied);

internal sealed record HandOver(Guid ConversationId, string Pid, HandOverBody Body) : ICommand<HandedOver>;

internal sealed class HandOverValidator : IValidator<HandOver>
{
    public IEnumerable<ValidationFailure> Validate(HandOver request)
    {
        if (string.IsNullOrWhiteSpace(request.Body.ConversationToken))
        {
            yield return new ValidationFailure("conversationToken", "The token of the anonymous conversation to go on from.");
        }

        if (request.Body.ConsentToCopyTranscript is null)
        {
            yield return new ValidationFailure("consentToCopyTranscript", "true or false: the youth's own choice, never assumed.");
        }
    }
}

/// <summary>From anonymous to identified, only when the youth chooses: after login, a new thread with the unit in Messaging
/// starts with the youth's message; the chat is copied into it only with explicit consent. The nurse sees that the youth
/// logged in, and the anonymous conversation ends. Nothing stored in the chat names the person or the thread, and nothing in
/// the thread names the conversation: the copy the youth consented to is the only link.</summary>
internal sealed class HandOverHandler(YouthChatDbContext db, IMediator mediator, ChatLog log, TimeProvider time, IOptions<YouthChatOptions> options) : IRequestHandler<HandOver, HandedOver>
{
    public async Task<HandedOver> Handle(HandOver request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForYouthAsync(db, request.ConversationId, ConversationTokens.Hash(request.Body.ConversationToken!.Trim()), cancellationToken);
        if (conversation.State == ConversationStates.Ended)
        {
            throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-ended", "The conversation has ended.",
                "It was already handed over or ended; your messages with the unit are under Meldinger.");
        }

        var personId = await mediator.Send(new ResolvePersonId(request.Pid), cancellationToken) ?? throw new NotFoundException("person");
        var self = await mediator.Send(new AuthorizeSubjectAccess(request.Pid, personId, Permissions.MessagesSend, "youth-chat.hand-over", "Fortsette fra chatten i en meldingstråd"), cancellationToken);
        if (self.SubjectAge is { } age && age > options.Value.MaxHandOverAge)
        {
            // The chat is the youth's; an adult who got hold of the token must not take it (and its transcript) into their own journal.
            throw new PlatformProblemException(StatusCodes.Status403Forbidden, "youth-chat-for-young-people", "Only the young person can go on from this chat.",
                $"The youth chat is for young people up to {options.Value.MaxHandOverAge}.");
        }

        // Taken first, in one conditional update: of two hand-overs at once (a double tap), one goes on, the other is 409
        // before any thread exists.
        var consent = request.Body.ConsentToCopyTranscript == true;
        var identified = await log.AppendAsync(conversation.Id, ChatEventKinds.Identified, ChatAuthors.System,
            consent ? "Ungdommen har logget inn og fortsetter i en meldingstråd. Chatten er kopiert dit med samtykke."
                : "Ungdommen har logget inn og fortsetter i en meldingstråd. Chatten er ikke kopiert.",
            cancellationToken, change: set => set.SetProperty(c => c.EndReason, EndReasons.HandedOver), onlyIf: c => c.EndReason == null)
            ?? throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-ended", "The conversation has ended.",
                "It was already handed over or ended; your messages with the unit are under Meldinger.");
        IReadOnlyList<YouthChatLine>? transcript = null;
        if (consent)
        {
            transcript = (await db.Events.AsNoTracking().Where(e => e.ConversationId == conversation.Id && e.Kind == ChatEventKinds.Message && e.Seq < identified.Seq)
                    .OrderBy(e => e.Seq).ToListAsync(cancellationToken))
                .Select(e => new YouthChatLine(new DateTimeOffset(e.At, TimeSpan.Zero), e.Author, e.Text ?? "")).ToList();
        }

        var threadId = await mediator.Send(
            new StartThreadFromYouthChat(personId, conversation.UnitId, request.Body.Message ?? "", transcript is { Count: > 0 } ? transcript : null, consent ? time.GetUtcNow() : null),
            cancellationToken);
        await log.EndAsync(conversation, EndReasons.HandedOver, ChatAuthors.System, cancellationToken);
        return new HandedOver(threadId, personId, transcript is { Count: > 0 });
    }
}

internal static class HandOverEndpoint
{
    public static void Map(IEndpointRouteBuilder chat) =>
        chat.MapPost("/conversations/{conversationId:guid}/hand-over", async Task<Created<HandedOver>> (Guid conversationId, HandOverBody? body, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
            {
                var handedOver = await mediator.Send(new HandOver(conversationId, http.User.Pid()!, body ?? new(null, null, null)), ct);
                await fanOut.ChangedAsync(conversationId);
                return TypedResults.Created($"/api/v1/subjects/{handedOver.SubjectId}/threads/{handedOver.ThreadId}", handedOver);
            })
            .RequireAuthorization(PlatformPolicies.Citizen)
            .RequireAssurance(AssuranceLevels.High, AssuranceLevels.Substantial, AssuranceLevels.Feide)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
