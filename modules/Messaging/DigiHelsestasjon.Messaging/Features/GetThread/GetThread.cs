using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.GetThread;

using DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>One thread with the messages the caller may see. A query: the read marker is set afterwards, by its own command.</summary>
internal sealed record GetThread(SubjectAccessDecision Access, Guid SubjectId, Guid ThreadId) : IQuery<ThreadLookup>;

/// <param name="HiddenBy">Set when the caller may act for the subject but not see this thread: refused through the gate (logged).</param>
internal sealed record ThreadLookup(ThreadResponse? Thread, ItemProtection? HiddenBy);

internal sealed class GetThreadHandler(MessagingDbContext db, ThreadViews views) : IRequestHandler<GetThread, ThreadLookup>
{
    public async Task<ThreadLookup> Handle(GetThread request, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.ThreadId && t.PersonId == request.SubjectId, cancellationToken)
            ?? throw new NotFoundException("thread");
        if (!request.Access.MaySee(ThreadAccess.Protection(thread)))
        {
            return new ThreadLookup(null, ThreadAccess.Protection(thread));
        }

        var view = await views.ToResponseAsync(thread, request.Access, cancellationToken);
        return view.Messages.Count == 0 ? new ThreadLookup(null, new ItemProtection(true, thread.YouthService)) : new ThreadLookup(view, null);
    }
}

/// <summary>The reader has seen the thread up to its newest message they may see (unread counts are per reader).</summary>
internal sealed record MarkThreadRead(Guid ThreadId, Guid ReaderPersonId, DateTime ReadUpTo) : ICommand<bool>;

internal sealed class MarkThreadReadHandler(MessagingDbContext db, UnitOfWork unitOfWork) : IRequestHandler<MarkThreadRead, bool>
{
    public async Task<bool> Handle(MarkThreadRead request, CancellationToken cancellationToken)
    {
        var marker = await db.ReadMarkers.AsNoTracking().FirstOrDefaultAsync(r => r.ThreadId == request.ThreadId && r.ReaderPersonId == request.ReaderPersonId, cancellationToken);
        if (marker is null)
        {
            // The thread open in two tabs: both may mark it first; one row wins, the other moves it on below.
            var first = new ReadMarker { ThreadId = request.ThreadId, ReaderPersonId = request.ReaderPersonId, ReadUpTo = request.ReadUpTo };
            if (await db.InsertIfAbsentAsync(first, cancellationToken))
            {
                return true;
            }
        }
        else if (marker.ReadUpTo >= request.ReadUpTo)
        {
            // Nothing new read: a poll writes nothing.
            return true;
        }

        // Only forward, in the statement: two tabs may mark at once, and the older must not win.
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        await db.ReadMarkers
            .Where(r => r.ThreadId == request.ThreadId && r.ReaderPersonId == request.ReaderPersonId && r.ReadUpTo < request.ReadUpTo)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ReadUpTo, request.ReadUpTo), cancellationToken);
        return true;
    }
}

internal static class GetThreadEndpoint
{
    public static void Map(IEndpointRouteBuilder threads) =>
        threads.MapGet("/{threadId:guid}", async Task<Ok<ThreadResponse>> (Guid subjectId, Guid threadId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var access = http.SubjectAccess<SubjectAccessDecision>();
                var lookup = await mediator.Send(new GetThread(access, subjectId, threadId), ct);
                if (lookup.HiddenBy is not null)
                {
                    throw await http.RefuseItemAsync(lookup.HiddenBy, "thread");
                }

                var thread = lookup.Thread!;
                await mediator.Send(new MarkThreadRead(thread.ThreadId, access.ActorPersonId, thread.Messages[^1].SentAt.UtcDateTime), ct);
                return TypedResults.Ok(thread);
            })
            .RequireSubjectAccess(Permissions.MessagesRead, "messages.read", "Lese en meldingstråd");
}
