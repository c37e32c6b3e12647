using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.FollowTheEpj;

using DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>The health service wrote through its journal: a reply lands in its thread, anything else starts a thread.
/// A conversation id that names another person's or unit's thread is never followed into it.</summary>
internal sealed class HealthServiceMessageHandler(MessagingDbContext db, TimeProvider time, IMediator mediator, IAttachmentStore store)
    : IntegrationEventHandler<EpjHealthServiceMessageReceived, MessagingDbContext>(db, time)
{
    public const string DefaultSubject = "Melding fra helsestasjonen";

    protected override async Task HandleOnceAsync(EpjHealthServiceMessageReceived received, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var unit = await mediator.Send(new GetUnit(received.UnitId), cancellationToken);
        var thread = await Db.Threads.FirstOrDefaultAsync(t => t.Id == received.ConversationId, cancellationToken);
        if (thread is not null && (thread.PersonId != received.PersonId || thread.UnitId != received.UnitId))
        {
            thread = null;
        }

        if (thread is null)
        {
            var id = await Db.Threads.AnyAsync(t => t.Id == received.ConversationId, cancellationToken) ? Guid.NewGuid() : received.ConversationId;
            thread = new MessageThread
            {
                Id = id, PersonId = received.PersonId, UnitId = received.UnitId, Topic = ThreadTopics.Health,
                Subject = string.IsNullOrWhiteSpace(received.Subject) ? DefaultSubject : Truncate(received.Subject.Trim(), 200),
                StartedBy = "unit", YouthService = unit is not null && ThreadAccess.IsYouthService(unit, "unit"),
                ExemptFromParentalAccess = received.ExemptFromParentalAccess, CreatedAt = now, LastMessageAt = now,
            };
            Db.Threads.Add(thread);
        }
        else if (thread.StartedBy != "unit" && thread.FirstAnswerAt is null)
        {
            thread.FirstAnswerAt = now;
        }

        thread.LastMessageAt = now;
        var message = new Message
        {
            Id = Guid.NewGuid(), EpjMessageId = received.MessageId, ThreadId = thread.Id, PersonId = received.PersonId, UnitId = received.UnitId,
            Direction = Message.FromUnit, AuthorRelation = "unit", AuthorName = unit?.Name ?? "", Body = received.Body, SentAt = now,
            DeliveryState = DeliveryStates.Journaled, DeliveryStateAt = now, JournaledAt = received.OccurredAt == default ? now : received.OccurredAt.UtcDateTime,
            ExemptFromParentalAccess = received.ExemptFromParentalAccess,
        };
        Db.Messages.Add(message);
        foreach (var file in received.Attachments ?? [])
        {
            var attachment = new Attachment
            {
                Id = Guid.NewGuid(), ThreadId = thread.Id, PersonId = thread.PersonId, MessageId = message.Id, FileName = Truncate(Path.GetFileName(file.FileName), 255),
                ContentType = FileSignatures.Detect(file.Content) ?? "application/octet-stream", Size = file.Content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)), CreatedAt = now,
            };
            await store.PutAsync(attachment.Id, file.Content, cancellationToken);
            Db.Attachments.Add(attachment);
        }

        Db.AddIntegrationEvent(new HealthServiceMessageArrived(
            thread.Id, message.Id, thread.PersonId, thread.UnitId, message.ExemptFromParentalAccess || thread.ExemptFromParentalAccess, thread.YouthService));
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The health service set or lifted "exempt from parental access" on a message (§ 3-4): parents stop (or start
/// again) seeing it from the next request. A thread the health service opened with it follows the message.</summary>
internal sealed class MessageExemptionChangedHandler(MessagingDbContext db, TimeProvider time)
    : IntegrationEventHandler<EpjParentalAccessExemptionChanged, MessagingDbContext>(db, time)
{
    protected override bool Handles(EpjParentalAccessExemptionChanged changed) => changed.ItemKind == EpjItemKinds.Message && Guid.TryParse(changed.ItemId, out _);

    protected override async Task HandleOnceAsync(EpjParentalAccessExemptionChanged changed, CancellationToken cancellationToken)
    {
        var epjMessageId = Guid.Parse(changed.ItemId);

        var messages = await Db.Messages.Where(m => m.PersonId == changed.PersonId && m.EpjMessageId == epjMessageId).ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            message.ExemptFromParentalAccess = changed.Exempt;
            var thread = await Db.Threads.FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
            var opening = await Db.Messages.Where(m => m.ThreadId == thread.Id).OrderBy(m => m.SentAt).Select(m => m.Id).FirstAsync(cancellationToken);
            if (thread.StartedBy == "unit" && opening == message.Id)
            {
                thread.ExemptFromParentalAccess = changed.Exempt;
            }
        }
    }
}

/// <summary>The bytes of an attachment sent with a citizen's message, for the EPJ delivery.</summary>
internal sealed class ReadEpjAttachmentHandler(MessagingDbContext db, IAttachmentStore store) : IRequestHandler<ReadEpjAttachment, byte[]?>
{
    public async Task<byte[]?> Handle(ReadEpjAttachment request, CancellationToken cancellationToken) =>
        await db.Attachments.AsNoTracking().AnyAsync(a => a.Id == request.AttachmentId && a.MessageId != null, cancellationToken)
            ? await store.ReadAsync(request.AttachmentId, cancellationToken)
            : null;
}
