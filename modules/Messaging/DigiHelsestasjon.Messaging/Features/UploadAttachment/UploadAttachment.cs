using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.UploadAttachment;

using DigiHelsestasjon.Messaging.Features.SendMessage;
using DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>A file for a message in this thread, checked before it is kept: its type by its content (magic bytes), and
/// type and size against what the unit's journal declares it takes. A message then refers to it by id.</summary>
internal sealed record UploadAttachment(
    SubjectAccessDecision Access, Guid SubjectId, Guid ThreadId, string? IdempotencyKey, string FileName, string? ClaimedContentType, byte[] Content)
    : ICommand<AttachmentResponse>;

internal sealed class UploadAttachmentValidator : IValidator<UploadAttachment>
{
    public IEnumerable<ValidationFailure> Validate(UploadAttachment request)
    {
        var failures = Idempotency.Check(request.IdempotencyKey).ToList();

        if (request.Content.Length == 0)
        {
            failures.Add(new ValidationFailure("file", "Send one file in the form field \"file\" (multipart/form-data); it may not be empty."));
        }

        failures.AddRange(MessageText.Check("file.fileName", request.FileName, 255, multiline: false));
        return failures;
    }
}

/// <summary>A file name as the platform keeps it: the last part of any path (either slash), no characters that mean
/// something to a file system or a shell, and the extension of what the content is, so a PNG called
/// <c>x.html</c> is saved as <c>x.html.png</c> by whoever downloads it.</summary>
internal static class FileNames
{
    private static readonly Dictionary<string, string> Extensions = new()
    {
        ["image/png"] = ".png",
        ["image/jpeg"] = ".jpg",
        ["application/pdf"] = ".pdf",
    };

    public static string Clean(string given, string contentType)
    {
        var name = given.Split('/', '\\').Last().Trim();
        name = new string(name.Select(c => char.IsControl(c) || "<>:\"|?*".Contains(c) ? '_' : c).ToArray()).Trim(' ', '.');
        if (name.Length == 0)
        {
            name = "vedlegg";
        }

        var extension = Extensions[contentType];
        if (!name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && !(contentType == "image/jpeg" && name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)))
        {
            name += extension;
        }

        return name.Length <= 255 ? name : name[..(255 - extension.Length)] + extension;
    }
}

internal sealed class UploadAttachmentHandler(
    MessagingDbContext db, IMediator mediator, TimeProvider time, Idempotency idempotency, IAttachmentStore store, IOptions<MessagingOptions> options)
    : IRequestHandler<UploadAttachment, AttachmentResponse>
{
    private const string Operation = "attachment";

    /// <summary>Files one person may have uploaded and not yet sent, over all threads (two full messages' worth).</summary>
    public const int MaxUnsent = 2 * SendMessageValidator.MaxAttachments;

    public async Task<AttachmentResponse> Handle(UploadAttachment request, CancellationToken cancellationToken)
    {
        var access = request.Access;
        var key = request.IdempotencyKey!;
        var sha = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        var hash = Idempotency.Hash(Operation, request.SubjectId, request.ThreadId, request.FileName, sha);
        var attachmentId = Guid.NewGuid();
        if (await idempotency.ReplayAsync(access.ActorPersonId, key, Operation, hash, cancellationToken) is { } existing)
        {
            return await FirstAnswerAsync(existing, access, cancellationToken);
        }

        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.ThreadId && t.PersonId == request.SubjectId, cancellationToken);
        if (thread is null || !await ThreadAccess.VisibleAsync(db, thread, access, cancellationToken))
        {
            throw new NotFoundException("thread");
        }

        // Files wait for a message; without a cap one account could fill the disk with files it never sends.
        if (await db.Attachments.CountAsync(a => a.UploadedByPersonId == access.ActorPersonId && a.MessageId == null, cancellationToken) >= MaxUnsent)
        {
            throw FieldProblem.Of(
                422, "too-many-unsent-attachments", "Too many files wait for a message.", "file",
                $"At most {MaxUnsent} files may wait to be sent; send a message with the files already uploaded first.");
        }

        var contentType = await CheckFileAsync(mediator, options.Value.MaxAttachmentBytes, thread.UnitId, request.Content, request.ClaimedContentType, cancellationToken);
        var attachment = new Attachment
        {
            Id = attachmentId, ThreadId = thread.Id, PersonId = thread.PersonId, UploadedByPersonId = access.ActorPersonId,
            FileName = FileNames.Clean(request.FileName, contentType), ContentType = contentType, Size = request.Content.Length, Sha256 = sha,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        // Claimed after the journal's capabilities were asked, so the transaction it opens is short; a concurrent retry waits on
        // the key and answers with the first file.
        if (await idempotency.ClaimAsync(access.ActorPersonId, key, Operation, hash, attachmentId, cancellationToken) is { } twin)
        {
            return await FirstAnswerAsync(twin, access, cancellationToken);
        }

        await store.PutAsync(attachment.Id, request.Content, cancellationToken);
        db.Attachments.Add(attachment);
        return new AttachmentResponse(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size);
    }

    private async Task<AttachmentResponse> FirstAnswerAsync(Guid existing, SubjectAccessDecision access, CancellationToken cancellationToken)
    {
        var first = await db.Attachments.AsNoTracking().FirstAsync(a => a.Id == existing, cancellationToken);
        var itsThread = await db.Threads.AsNoTracking().FirstAsync(t => t.Id == first.ThreadId, cancellationToken);
        return await ThreadAccess.VisibleAsync(db, itsThread, access, cancellationToken)
            ? new AttachmentResponse(first.Id, first.FileName, first.ContentType, first.Size)
            : throw new NotFoundException("thread");
    }

    /// <summary>A file's checks, for an upload to a thread and for the file of a thread's first message alike: its type by its
    /// content, the type it was sent as, and type and size against what the unit's journal takes. Returns the content's type.</summary>
    public static async Task<string> CheckFileAsync(IMediator mediator, long maxAttachmentBytes, Guid unitId, byte[] content, string? claimedContentType, CancellationToken cancellationToken)
    {
        var contentType = FileSignatures.Detect(content)
            ?? throw FieldProblem.Of(
                415, "attachment-type-not-supported", "The file is not a picture or a PDF.", "file",
                $"Only {string.Join(", ", FileSignatures.Supported)} are taken, checked by the file's content, not its name or the type sent with it.");
        if (claimedContentType is { Length: > 0 } claimed && claimed != "application/octet-stream"
            && !string.Equals(claimed.Split(';')[0].Trim(), contentType, StringComparison.OrdinalIgnoreCase))
        {
            throw FieldProblem.Of(
                415, "attachment-type-mismatch", "The file is not what it says it is.", "file",
                $"It was sent as {claimed.Split(';')[0].Trim()}, but its content is {contentType}.");
        }

        var capabilities = await CapabilitiesAsync(mediator, unitId, cancellationToken);
        if (!capabilities.AttachmentContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            throw FieldProblem.Of(
                422, "attachment-not-accepted", "The health station's journal does not take this kind of file.", "file",
                capabilities.AttachmentContentTypes.Count == 0
                    ? "This health station's journal takes no attachments. Write the message without it, or show it at your next appointment."
                    : $"It takes {string.Join(", ", capabilities.AttachmentContentTypes)}; this file is {contentType}.");
        }

        var max = Math.Min(capabilities.MaxPayloadBytes, maxAttachmentBytes);
        if (content.Length > max)
        {
            var problem = FieldProblem.Of(
                413, "attachment-too-large", "The file is too large.", "file", $"At most {max} bytes here; this file is {content.Length}.");
            problem.Extensions["maxBytes"] = max;
            throw problem;
        }

        return contentType;
    }

    /// <summary>What the unit's journal takes. A unit without a journal, or a journal that takes no citizen messages, takes nothing.</summary>
    public static async Task<UnitEpjCapabilities> CapabilitiesAsync(IMediator mediator, Guid unitId, CancellationToken cancellationToken)
    {
        var capabilities = await mediator.Send(new GetUnitEpjCapabilities(unitId), cancellationToken);
        if (capabilities is { Reachable: false })
        {
            throw new PlatformProblemException(
                503, "epj-unavailable", "Cannot check what the health station's journal takes just now.", "Try again in a few minutes; messages without files are taken meanwhile.");
        }

        return capabilities is { ReceivesCitizenMessages: true }
            ? capabilities
            : new UnitEpjCapabilities(true, false, [], 0);
    }
}

internal static class UploadAttachmentEndpoint
{
    public static void Map(IEndpointRouteBuilder threads, long maxRequestBytes) =>
        threads.MapPost("/{threadId:guid}/attachments", async Task<Created<AttachmentResponse>> (Guid subjectId, Guid threadId, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                IFormFile? file;
                try
                {
                    file = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct)).Files.GetFile("file") : null;
                }
                catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
                {
                    // A body that is not well-formed multipart is the caller's mistake: 400 naming the field, no stack trace.
                    throw ValidationException.For("file", "Send multipart/form-data with one file in the field \"file\".");
                }

                byte[] content = [];
                if (file is not null && file.Length > maxRequestBytes)
                {
                    throw FieldProblem.Of(413, "attachment-too-large", "The file is too large.", "file", $"At most {maxRequestBytes} bytes.");
                }

                if (file is not null)
                {
                    using var buffer = new MemoryStream((int)file.Length);
                    await file.CopyToAsync(buffer, ct);
                    content = buffer.ToArray();
                }

                var attachment = await mediator.Send(
                    new UploadAttachment(http.SubjectAccess<SubjectAccessDecision>(), subjectId, threadId, idempotencyKey, file?.FileName ?? "", file?.ContentType, content), ct);
                return TypedResults.Created($"/api/v1/subjects/{subjectId}/threads/{threadId}/attachments/{attachment.AttachmentId}", attachment);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .RequireSubjectAccess(Permissions.MessagesSend, "messages.attachment.upload", "Legge ved en fil")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
