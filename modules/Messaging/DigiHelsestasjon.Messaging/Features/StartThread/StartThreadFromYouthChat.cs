using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.StartThread;

using DigiHelsestasjon.Messaging.Features.Threads;

internal sealed class StartThreadFromYouthChatValidator(IOptions<MessagingOptions> options) : IValidator<StartThreadFromYouthChat>
{
    public IEnumerable<ValidationFailure> Validate(StartThreadFromYouthChat request) =>
        MessageText.Check("message", request.Message, options.Value.MaxBodyLength, multiline: true);
}

/// <summary>The youth's own thread with the unit, started from the anonymous chat after login (the youth acts for
/// themselves). It is a youth-service thread like any the youth starts with the school nurse or HFU, so a parent never sees it from 12.</summary>
internal sealed class StartThreadFromYouthChatHandler(MessagingDbContext db, IMediator mediator, TimeProvider time) : IRequestHandler<StartThreadFromYouthChat, Guid>
{
    public const string Subject = "Fortsettelse av chat med helsesykepleier";

    public async Task<Guid> Handle(StartThreadFromYouthChat request, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(request.UnitId), cancellationToken) ?? throw new NotFoundException("unit");
        var self = new SubjectAccessDecision(true, request.PersonId, SubjectRelations.Self, null);
        var now = time.GetUtcNow().UtcDateTime;
        var thread = new MessageThread
        {
            Id = Guid.NewGuid(), PersonId = request.PersonId, UnitId = unit.UnitId, Topic = ThreadTopics.Health, Subject = Subject,
            StartedBy = SubjectRelations.Self, StartedByPersonId = request.PersonId, YouthService = ThreadAccess.IsYouthService(unit, SubjectRelations.Self),
            CreatedAt = now, LastMessageAt = now,
        };
        db.Threads.Add(thread);

        // The first message that goes to the journal as a message opens the thread there (a transcript goes its own way).
        var opensThread = true;
        if (request.ConsentedTranscript is { Count: > 0 } lines && request.ConsentedAt is { } consentedAt)
        {
            var capabilities = await mediator.Send(new GetUnitEpjCapabilities(unit.UnitId), cancellationToken);
            var asTranscript = capabilities is { Reachable: true, ReceivesYouthChatTranscripts: true };
            var copy = await CitizenMessages.NewAsync(mediator, self, thread, Transcript(lines, consentedAt), now, cancellationToken, opensThread: !asTranscript);
            db.Messages.Add(copy);
            db.AddIntegrationEvent(asTranscript
                ? new EpjYouthChatTranscriptRequested(copy.EpjMessageId, unit.UnitId, request.PersonId, consentedAt, [.. lines.Select(l => new EpjTranscriptLine(l.At, l.From, l.Text))])
                : CitizenMessages.ToEpj(thread, copy, inReplyTo: null, []));
            opensThread = asTranscript;
            now = now.AddTicks(10);
        }

        var message = await CitizenMessages.NewAsync(mediator, self, thread, request.Message, now, cancellationToken, opensThread);
        db.Messages.Add(message);
        db.AddIntegrationEvent(CitizenMessages.ToEpj(thread, message, inReplyTo: null, []));
        thread.LastMessageAt = now;
        return thread.Id;
    }

    /// <summary>The chat as the youth and the nurse will read it in the thread, as a chat reads (who, at what time of day
    /// in Norway), not as a case file: the youth chose to bring it along, so it needs no words about consent here.</summary>
    private static string Transcript(IReadOnlyList<YouthChatLine> lines, DateTimeOffset consentedAt)
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        string Local(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, oslo).ToString(format, CultureInfo.InvariantCulture);
        var text = new StringBuilder($"Fra chatten {Local(lines.Count > 0 ? lines[0].At : consentedAt, "dd.MM.yyyy")}:\n");
        foreach (var line in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{Local(line.At, "HH:mm")} {(line.From == "nurse" ? "Helsesykepleier" : "Ungdom")}: {line.Text}");
        }

        return text.ToString();
    }
}
