namespace DigiHelsestasjon.Messaging.Features.DownloadAttachment;

using DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>An attachment's bytes, for whoever may see its message (a file not yet sent: only the one who uploaded it).</summary>
internal sealed record GetAttachment(SubjectAccessDecision Access, Guid SubjectId, Guid ThreadId, Guid AttachmentId) : IQuery<AttachmentDownload>;

/// <param name="HiddenBy">Set when the caller may act for the subject but not see this item: the endpoint refuses it through the gate (logged).</param>
internal sealed record AttachmentDownload(string FileName, string ContentType, byte[]? Content, ItemProtection? HiddenBy);

internal sealed class GetAttachmentHandler(MessagingDbContext db, IAttachmentStore store) : IRequestHandler<GetAttachment, AttachmentDownload>
{
    public async Task<AttachmentDownload> Handle(GetAttachment request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == request.AttachmentId && a.ThreadId == request.ThreadId && a.PersonId == request.SubjectId, cancellationToken);
        var thread = attachment is null ? null : await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == attachment.ThreadId, cancellationToken);
        if (attachment is null || thread is null || (attachment.MessageId is null && attachment.UploadedByPersonId != request.Access.ActorPersonId))
        {
            throw new NotFoundException("attachment");
        }

        var message = attachment.MessageId is { } messageId ? await db.Messages.AsNoTracking().FirstAsync(m => m.Id == messageId, cancellationToken) : null;
        var protection = message is null ? ThreadAccess.Protection(thread) : ThreadAccess.Protection(thread, message);
        if (!request.Access.MaySee(protection))
        {
            return new AttachmentDownload("", "", null, protection);
        }

        var content = await store.ReadAsync(attachment.Id, cancellationToken) ?? throw new NotFoundException("attachment");
        return new AttachmentDownload(attachment.FileName, attachment.ContentType, content, null);
    }
}

internal static class DownloadAttachmentEndpoint
{
    public static void Map(IEndpointRouteBuilder threads) =>
        threads.MapGet("/{threadId:guid}/attachments/{attachmentId:guid}", async Task<FileContentHttpResult> (Guid subjectId, Guid threadId, Guid attachmentId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var download = await mediator.Send(new GetAttachment(http.SubjectAccess<SubjectAccessDecision>(), subjectId, threadId, attachmentId), ct);
                if (download.HiddenBy is not null)
                {
                    throw await http.RefuseItemAsync(download.HiddenBy, "attachment");
                }

                // A download, never a page: a PDF or picture from someone else is not opened in the platform's origin.
                http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'";
                return TypedResults.File(download.Content!, download.ContentType, download.FileName);
            })
            .RequireSubjectAccess(Permissions.MessagesRead, "messages.attachment.read", "Laste ned et vedlegg");
}
