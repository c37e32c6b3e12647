using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.StartThread;

using DigiHelsestasjon.Messaging.Features.SendMessage;
using DigiHelsestasjon.Messaging.Features.Threads;
using DigiHelsestasjon.Messaging.Features.UploadAttachment;

/// <param name="Topic">administrative, health (the default) or time-wish (a young person's own wish for a time at the school
/// health service or HFU).</param>
public sealed record StartThreadBody(Guid? UnitId, string? Subject, string? Body, string? Topic);

/// <summary>A citizen (or a parent for a child under 12, or a holder of a power of attorney) writes to a unit. The first
/// message goes to the unit's journal through the outbox, in the same transaction as the thread.</summary>
/// <param name="Files">Files that go with the first message (POST .../threads/with-attachments): the thread opens with one
/// message holding the text and the files, journaled together.</param>
internal sealed record StartThread(SubjectAccessDecision Access, Guid SubjectId, string? IdempotencyKey, StartThreadBody Body, IReadOnlyList<NewFile>? Files = null)
    : ICommand<ThreadResponse>;

/// <summary>A file as sent in a form, not yet checked.</summary>
internal sealed record NewFile(string FileName, string? ClaimedContentType, byte[] Content)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));
}

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
        var files = request.Files ?? [];
        if (files.Count > SendMessageValidator.MaxAttachments)
        {
            failures.Add(new ValidationFailure("file", $"At most {SendMessageValidator.MaxAttachments} files in one message."));
        }

        foreach (var file in files)
        {
            if (file.Content.Length == 0)
            {
                failures.Add(new ValidationFailure("file", "A file may not be empty."));
            }

            failures.AddRange(MessageText.Check("file.fileName", file.FileName, 255, multiline: false));
        }

        return failures;
    }
}

internal sealed class StartThreadHandler(
    MessagingDbContext db, IMediator mediator, TimeProvider time, Idempotency idempotency, ThreadViews views, IAttachmentStore store, IOptions<MessagingOptions> options)
    : IRequestHandler<StartThread, ThreadResponse>
{
    private const string Operation = "thread";

    public async Task<ThreadResponse> Handle(StartThread request, CancellationToken cancellationToken)
    {
        var (access, body) = (request.Access, request.Body);
        var key = request.IdempotencyKey!;
        var files = request.Files ?? [];
        // Without files the hash is the plain start's: a retry is the same request whichever route it came by.
        var hash = files.Count == 0
            ? Idempotency.Hash(Operation, request.SubjectId, body.UnitId, body.Topic ?? ThreadTopics.Health, body.Subject, body.Body)
            : Idempotency.Hash(Operation, request.SubjectId, body.UnitId, body.Topic ?? ThreadTopics.Health, body.Subject, body.Body, string.Join(",", files.Select(f => $"{f.FileName.Length}:{f.FileName}:{f.Sha256}")));
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
        // The files are checked as an upload to a thread is (by content, against the unit's journal), and belong to the first
        // message from the start: it goes to the journal once, with them.
        var attachments = new List<Attachment>();
        foreach (var file in files)
        {
            var contentType = await UploadAttachmentHandler.CheckFileAsync(mediator, options.Value.MaxAttachmentBytes, unit.UnitId, file.Content, file.ClaimedContentType, cancellationToken);
            attachments.Add(new Attachment
            {
                Id = Guid.NewGuid(), ThreadId = thread.Id, PersonId = thread.PersonId, MessageId = message.Id, UploadedByPersonId = access.ActorPersonId,
                FileName = FileNames.Clean(file.FileName, contentType), ContentType = contentType, Size = file.Content.Length, Sha256 = file.Sha256, CreatedAt = now,
            });
        }

        await SendMessageHandler.CheckSizeAsync(mediator, unit.UnitId, message.Body, attachments, "file", cancellationToken);
        // Claimed last, so the transaction it opens is short; a concurrent retry waits on the key and answers with the first thread.
        if (await idempotency.ClaimAsync(access.ActorPersonId, key, Operation, hash, threadId, cancellationToken) is { } twin)
        {
            return await FirstAnswerAsync(twin, access, cancellationToken);
        }

        db.Threads.Add(thread);
        db.Messages.Add(message);
        for (var i = 0; i < attachments.Count; i++)
        {
            await store.PutAsync(attachments[i].Id, files[i].Content, cancellationToken);
            db.Attachments.Add(attachments[i]);
        }

        db.AddIntegrationEvent(CitizenMessages.ToEpj(thread, message, inReplyTo: null, attachments));
        return new ThreadResponse(
            thread.Id, unit.UnitId, unit.Name, thread.Topic, thread.Subject, thread.StartedBy, ThreadViews.Utc(now), ThreadViews.Utc(now),
            [ThreadViews.ToResponse(message, attachments)]);
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

    /// <summary>The same start with files in the first message, as one multipart form: the fields of <see cref="StartThreadBody"/>
    /// and one or more files in the field "file". One request, one Idempotency-Key, one commit: the thread, its first message,
    /// the files and the journal's order, or nothing.</summary>
    public static void MapWithAttachments(IEndpointRouteBuilder threads, long maxRequestBytes) =>
        threads.MapPost("/with-attachments", async Task<Created<ThreadResponse>> (Guid subjectId, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                IFormCollection form;
                try
                {
                    form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : throw new InvalidDataException();
                }
                catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
                {
                    throw ValidationException.For("file", "Send multipart/form-data: unitId, subject, body, topic, and the files in the field \"file\".");
                }

                var files = new List<NewFile>();
                foreach (var file in form.Files.GetFiles("file"))
                {
                    if (file.Length > maxRequestBytes)
                    {
                        throw FieldProblem.Of(413, "attachment-too-large", "The file is too large.", "file", $"At most {maxRequestBytes} bytes.");
                    }

                    using var buffer = new MemoryStream((int)file.Length);
                    await file.CopyToAsync(buffer, ct);
                    files.Add(new NewFile(file.FileName, file.ContentType, buffer.ToArray()));
                }

                string? Field(string name) => form.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
                var body = new StartThreadBody(Guid.TryParse(Field("unitId"), out var unitId) ? unitId : null, Field("subject"), Field("body"), Field("topic"));
                var thread = await mediator.Send(new StartThread(http.SubjectAccess<SubjectAccessDecision>(), subjectId, idempotencyKey, body, files), ct);
                return TypedResults.Created($"/api/v1/subjects/{subjectId}/threads/{thread.ThreadId}", thread);
            })
            .DisableAntiforgery()
            .Accepts<StartThreadForm>("multipart/form-data")
            .RequireSubjectAccess(Permissions.MessagesSend, "messages.start", "Sende en melding til helsestasjonen", oneCommit: true)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The form POST .../threads/with-attachments reads (for the API document): the start's fields and the files.</summary>
/// <param name="File">One or more files (PNG, JPEG or PDF, as the unit's journal takes), each in a field named "file".</param>
public sealed record StartThreadForm(Guid UnitId, string Subject, string Body, string? Topic, IFormFile File);
