using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.StartThread;

using DigiHelsestasjon.Messaging.Features.Threads;

/// <param name="Topic">administrative, health (the default) or time-wish (a young person's own wish for a time at the school
/// health service or HFU).</param>
public sealed record StartThreadBody(Guid? UnitId, string? Subject, string? Body, string? Topic);

/// <summary>A citizen (or a parent for a child under 12, or a holder of a power of attorney) writes to a unit. The first
/// message goes to the unit's journal through the outbox, in the same transaction as the thread.</summary>
internal sealed record StartThread(SubjectAccessDecision Access, Guid SubjectId, string? IdempotencyKey, StartThreadBody Body) : ICommand<ThreadResponse>;

internal sealed class StartThreadValidator(IOptions<MessagingOptions> options) : IValidator<StartThread>
{
    public IEnumerable<ValidationFailure> Validate(StartThread request)
    {
        var failures = Idempotency.Check(request.IdempotencyKey).ToList();

        if (request.Body.UnitId is null || request.Body.UnitId == Guid.Empty)
        {
            failures.Add(new ValidationFailure("unitId", "Which unit to write to (its unitId from GET /api/v1/units)."));
        }

        if (request.Body.Topic is { } topic && !ThreadTopics.All.Contains(topic))
        {
            failures.Add(new ValidationFailure("topic", $"One of {string.Join(", ", ThreadTopics.All)}."));
        }

        failures.AddRange(MessageText.Check("subject", request.Body.Subject, options.Value.MaxSubjectLength, multiline: false));
        failures.AddRange(MessageText.Check("body", request.Body.Body, options.Value.MaxBodyLength, multiline: true));
        return failures;
    }
}

internal sealed class StartThreadHandler(MessagingDbContext db, IMediator mediator, TimeProvider time, Idempotency idempotency, ThreadViews views)
    : IRequestHandler<StartThread, ThreadResponse>
{
    private const string Operation = "thread";

    public async Task<ThreadResponse> Handle(StartThread request, CancellationToken cancellationToken)
    {
        var (access, body) = (request.Access, request.Body);
        var key = request.IdempotencyKey!;
        var hash = Idempotency.Hash(Operation, request.SubjectId, body.UnitId, body.Topic ?? ThreadTopics.Health, body.Subject, body.Body);
        var threadId = Guid.NewGuid();
        if (await idempotency.ReplayAsync(access.ActorPersonId, key, Operation, hash, cancellationToken) is { } existing)
        {
            return await FirstAnswerAsync(existing, access, cancellationToken);
        }

        var unit = await mediator.Send(new GetUnit(body.UnitId!.Value), cancellationToken)
            ?? throw ValidationException.For("unitId", "No such unit; see GET /api/v1/units?municipality={kommunenummer}.");
        var now = time.GetUtcNow().UtcDateTime;
        var startedBy = access.ActorRelation;
        var thread = new MessageThread
        {
            Id = threadId, PersonId = request.SubjectId, UnitId = unit.UnitId, Topic = body.Topic ?? ThreadTopics.Health, Subject = body.Subject!.Trim(),
            StartedBy = startedBy, StartedByPersonId = access.ActorPersonId, YouthService = ThreadAccess.IsYouthService(unit, startedBy),
            CreatedAt = now, LastMessageAt = now,
        };
        if (thread.Topic == ThreadTopics.TimeWish && (!thread.YouthService || startedBy != "self"))
        {
            throw ValidationException.For("topic", "A time wish is a young person's own, to the school health service or HFU; for other units, write a message or book a time.");
        }

        if (!access.MaySee(ThreadAccess.Protection(thread)))
        {
            // Only a login below level high gets here: it reaches the youth services, not the health station.
            throw new PlatformProblemException(401, "insufficient-assurance", "A higher level of assurance is required.",
                "Messages to this unit need a login with ID-porten at level high; a Feide login reaches the school health service and HFU only.");
        }

        var message = await CitizenMessages.NewAsync(mediator, access, thread, body.Body!, now, cancellationToken, opensThread: true);
        // Claimed last, so the transaction it opens is short; a concurrent retry waits on the key and answers with the first thread.
        if (await idempotency.ClaimAsync(access.ActorPersonId, key, Operation, hash, threadId, cancellationToken) is { } twin)
        {
            return await FirstAnswerAsync(twin, access, cancellationToken);
        }

        db.Threads.Add(thread);
        db.Messages.Add(message);
        db.AddIntegrationEvent(CitizenMessages.ToEpj(thread, message, inReplyTo: null, []));
        return new ThreadResponse(
            thread.Id, unit.UnitId, unit.Name, thread.Topic, thread.Subject, thread.StartedBy, ThreadViews.Utc(now), ThreadViews.Utc(now),
            [ThreadViews.ToResponse(message, [])]);
    }

    private async Task<ThreadResponse> FirstAnswerAsync(Guid existing, SubjectAccessDecision access, CancellationToken cancellationToken)
    {
        var first = await db.Threads.AsNoTracking().FirstAsync(t => t.Id == existing, cancellationToken);
        return await ThreadAccess.VisibleAsync(db, first, access, cancellationToken)
            ? await views.ToResponseAsync(first, access, cancellationToken)
            : throw new NotFoundException("thread");
    }
}

/// <summary>A citizen's message, and what the journal is asked to record of it.</summary>
internal static class CitizenMessages
{
    /// <param name="opensThread">The message opens the thread toward the journal. It then has the thread's id as its own
    /// (here and in the journal, which knows a message by the platform's id): on the national bus a conversation is named by
    /// the MsgId of its first message (HITS 1217 2.3), so every later message of the thread refers to it by the thread's id.</param>
    public static async Task<Message> NewAsync(IMediator mediator, SubjectAccessDecision access, MessageThread thread, string body, DateTime now, CancellationToken cancellationToken, bool opensThread = false, Guid? messageId = null)
    {
        var id = messageId ?? (opensThread ? thread.Id : Guid.NewGuid());
        return new Message
        {
            Id = id, EpjMessageId = id, ThreadId = thread.Id, PersonId = thread.PersonId, UnitId = thread.UnitId, Direction = Message.ToUnit,
            AuthorPersonId = access.ActorPersonId, AuthorRelation = access.ActorRelation,
            AuthorName = access.ActorName ?? await mediator.Send(new GetPersonName(access.ActorPersonId), cancellationToken) ?? "",
            Body = body, SentAt = now, DeliveryState = DeliveryStates.Sent, DeliveryStateAt = now,
        };
    }

    public static EpjCitizenMessageRequested ToEpj(MessageThread thread, Message message, Guid? inReplyTo, IReadOnlyList<Attachment> attachments) => new(
        message.EpjMessageId, thread.UnitId, thread.PersonId, message.AuthorRelation, message.AuthorName, thread.Id, inReplyTo, thread.Subject, message.Body,
        attachments.Select(a => new EpjAttachmentReference(a.Id, a.FileName, a.ContentType, a.Size)).ToList(), thread.Topic, message.AuthorPersonId);
}

internal static class StartThreadEndpoint
{
    public static void Map(IEndpointRouteBuilder threads) =>
        threads.MapPost("", async Task<Created<ThreadResponse>> (Guid subjectId, StartThreadBody body, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var thread = await mediator.Send(new StartThread(http.SubjectAccess<SubjectAccessDecision>(), subjectId, idempotencyKey, body ?? new(null, null, null, null)), ct);
                return TypedResults.Created($"/api/v1/subjects/{subjectId}/threads/{thread.ThreadId}", thread);
            })
            .RequireSubjectAccess(Permissions.MessagesSend, "messages.start", "Sende en melding til helsestasjonen", oneCommit: true)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
