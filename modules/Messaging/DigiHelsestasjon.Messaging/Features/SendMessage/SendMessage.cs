using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.SendMessage;

using DigiHelsestasjon.Messaging.Features.StartThread;
using DigiHelsestasjon.Messaging.Features.Threads;
using DigiHelsestasjon.Messaging.Features.UploadAttachment;

/// <param name="AttachmentIds">Files uploaded to this thread first (POST .../attachments).</param>
public sealed record SendMessageBody(string? Body, IReadOnlyList<Guid>? AttachmentIds);

/// <summary>A reply from the citizen in a thread; it goes to the journal with the thread's conversation id and the
/// health service's message it answers.</summary>
internal sealed record SendMessage(SubjectAccessDecision Access, Guid SubjectId, Guid ThreadId, string? IdempotencyKey, SendMessageBody Body) : ICommand<MessageResponse>;

internal sealed class SendMessageValidator(IOptions<MessagingOptions> options) : IValidator<SendMessage>
{
    public const int MaxAttachments = 10;

    public IEnumerable<ValidationFailure> Validate(SendMessage request)
    {
        var failures = Idempotency.Check(request.IdempotencyKey).ToList();

        failures.AddRange(MessageText.Check("body", request.Body.Body, options.Value.MaxBodyLength, multiline: true));
        if (request.Body.AttachmentIds is { Count: > MaxAttachments })
        {
            failures.Add(new ValidationFailure("attachmentIds", $"At most {MaxAttachments} files in one message."));
        }

        return failures;
    }
}

internal sealed class SendMessageHandler(MessagingDbContext db, IMediator mediator, TimeProvider time, Idempotency idempotency)
    : IRequestHandler<SendMessage, MessageResponse>
{
    private const string Operation = "message";

    public async Task<MessageResponse> Handle(SendMessage request, CancellationToken cancellationToken)
    {
        var access = request.Access;
        var key = request.IdempotencyKey!;
        var attachmentIds = (request.Body.AttachmentIds ?? []).Distinct().ToList();
        var hash = Idempotency.Hash(Operation, request.SubjectId, request.ThreadId, request.Body.Body, attachmentIds);
        var messageId = Guid.NewGuid();
        if (await idempotency.ReplayAsync(access.ActorPersonId, key, Operation, hash, cancellationToken) is { } existing)
        {
            return await FirstAnswerAsync(existing, access, cancellationToken);
        }

        var thread = await db.Threads.FirstOrDefaultAsync(t => t.Id == request.ThreadId && t.PersonId == request.SubjectId, cancellationToken);
        if (thread is null || !await ThreadAccess.VisibleAsync(db, thread, access, cancellationToken))
        {
            throw new NotFoundException("thread");
        }

        var attachments = await db.Attachments
            .Where(a => attachmentIds.Contains(a.Id) && a.ThreadId == thread.Id && a.UploadedByPersonId == access.ActorPersonId && a.MessageId == null)
            .ToListAsync(cancellationToken);
        if (attachments.Count != attachmentIds.Count)
        {
            throw ValidationException.For("attachmentIds", "Upload each file to this thread first (POST .../attachments); a file goes with one message only.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var message = await CitizenMessages.NewAsync(mediator, access, thread, request.Body.Body!, now, cancellationToken, messageId: messageId);
        await CheckSizeAsync(mediator, thread.UnitId, message.Body, attachments, "attachmentIds", cancellationToken);
        var inReplyTo = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == thread.Id && m.Direction == Message.FromUnit).OrderByDescending(m => m.SentAt).Select(m => (Guid?)m.EpjMessageId).FirstOrDefaultAsync(cancellationToken);
        // The key is claimed last, after every check and call, so the transaction it opens is short: a concurrent retry with
        // the same key waits on it here and then answers with the first one's message.
        if (await idempotency.ClaimAsync(access.ActorPersonId, key, Operation, hash, messageId, cancellationToken) is { } twin)
        {
            return await FirstAnswerAsync(twin, access, cancellationToken);
        }

        db.Messages.Add(message);
        foreach (var attachment in attachments)
        {
            attachment.MessageId = message.Id;
        }

        thread.LastMessageAt = now;
        db.AddIntegrationEvent(CitizenMessages.ToEpj(thread, message, inReplyTo, attachments));
        return ThreadViews.ToResponse(message, attachments);
    }

    private async Task<MessageResponse> FirstAnswerAsync(Guid existing, SubjectAccessDecision access, CancellationToken cancellationToken)
    {
        var first = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == existing, cancellationToken);
        var itsThread = await db.Threads.AsNoTracking().FirstAsync(t => t.Id == first.ThreadId, cancellationToken);
        return access.MaySee(ThreadAccess.Protection(itsThread, first))
            ? ThreadViews.ToResponse(first, await db.Attachments.AsNoTracking().Where(a => a.MessageId == existing).ToListAsync(cancellationToken))
            : throw new NotFoundException("message");
    }

    /// <summary>Each file was checked against the journal when uploaded; together with the text they must fit too.</summary>
    public static async Task CheckSizeAsync(IMediator mediator, Guid unitId, string body, IReadOnlyList<Attachment> attachments, string field, CancellationToken cancellationToken)
    {
        if (attachments.Count == 0)
        {
            return;
        }

        var capabilities = await UploadAttachmentHandler.CapabilitiesAsync(mediator, unitId, cancellationToken);
        var size = Encoding.UTF8.GetByteCount(body) + attachments.Sum(a => a.Size);
        if (size > capabilities.MaxPayloadBytes)
        {
            throw FieldProblem.Of(
                422, "message-too-large", "The message is larger than the health station's journal takes.", field,
                $"Text and files together are {size} bytes; the journal takes at most {capabilities.MaxPayloadBytes}. Send the files in separate messages.");
        }
    }
}

internal static class SendMessageEndpoint
{
    public static void Map(IEndpointRouteBuilder threads) =>
        threads.MapPost("/{threadId:guid}/messages", async Task<Created<MessageResponse>> (Guid subjectId, Guid threadId, SendMessageBody body, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var message = await mediator.Send(new SendMessage(http.SubjectAccess<SubjectAccessDecision>(), subjectId, threadId, idempotencyKey, body ?? new(null, null)), ct);
                return TypedResults.Created($"/api/v1/subjects/{subjectId}/threads/{threadId}", message);
            })
            .RequireSubjectAccess(Permissions.MessagesSend, "messages.send", "Svare helsestasjonen", oneCommit: true)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
