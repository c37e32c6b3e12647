using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Calendar.Persistence.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.Calendar.Features.SelfBooking;

/// <summary>Takes up a booking whose request stopped (the process died, the connection broke) after the booking was saved
/// but before the journal's answer was applied: it is reserved with the same message id (the journal sees it once, however
/// often it is sent) and the answer applied, as the request would have done. Without this the citizen's time would say
/// "requested" for ever and count against the unit's limit. Claimed by lease like every queue, so instances share it.</summary>
internal sealed class BookingResumeQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, ILogger<BookingResumeQueue> logger) : IWorkQueue
{
    public const string QueueName = "calendar-booking-resume";

    /// <summary>Longer than any request waits for the journal (its synchronous limit), so a live request is never overtaken.</summary>
    public static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(2);

    /// <summary>A booking that could not be taken up again for this long (every try failed) is refused rather than tried for ever.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(1);

    private static readonly QueueTable Columns = new(nameof(Booking.Id), nameof(Booking.ResumeAt), nameof(Booking.LockedBy), nameof(Booking.LeaseUntil), "1 = 1");

    private readonly string owner = DurableClaim.NewOwner();

    public string Name => QueueName;

    private WorkQueueOptions Settings => queueOptions.Get(QueueName);

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        List<Booking> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await DurableClaim.ClaimAsync<Booking>(
                scope.ServiceProvider.GetRequiredService<CalendarDbContext>(), Columns, owner, time.GetUtcNow().UtcDateTime, Settings.Lease, Settings.BatchSize, cancellationToken);
        }

        foreach (var booking in claimed)
        {
            try
            {
                await ResumeAsync(booking, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The lease runs out and the booking is claimed again then, until GiveUpAfter ends it.
                logger.LogWarning(exception, "Taking up booking {BookingId} again failed; it is tried again when its lease runs out.", booking.Id);
                await GiveUpIfOverdueAsync(booking, cancellationToken);
            }
        }

        return claimed.Count;
    }

    private async Task GiveUpIfOverdueAsync(Booking booking, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow().UtcDateTime - booking.CreatedAt <= GiveUpAfter)
        {
            return;
        }

        try
        {
            await RefuseAsync(booking, "it could not be sent for " + GiveUpAfter, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever failed the try fails this too (the database away): the next claim gives up again.
            logger.LogWarning(exception, "Refusing booking {BookingId} after {GiveUpAfter} failed; it is tried again when its lease runs out.", booking.Id, GiveUpAfter);
        }
    }

    private async Task ResumeAsync(Booking booking, CancellationToken cancellationToken)
    {
        if (booking.State == BookingStates.Requested && booking.Start <= time.GetUtcNow().UtcDateTime)
        {
            await RefuseAsync(booking, "its time has passed", cancellationToken);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        // Already answered (the request got further than it could record): applying only clears the resume time.
        var answer = booking.State == BookingStates.Requested
            ? await mediator.Send(new ReserveEpjSlot(booking.MessageId, booking.UnitId, booking.PersonId, booking.EpjSlotId, booking.ActorRelation, booking.ActorPersonId, booking.Note), cancellationToken)
            : new EpjReservationAnswer(booking.State, false, null, null);
        await mediator.Send(new ApplyReservationAnswer(booking.Id, answer), cancellationToken);
        logger.LogInformation("Booking {BookingId} taken up again after its request stopped; the journal's answer: {State}.", booking.Id, answer.State);
    }

    private async Task RefuseAsync(Booking booking, string why, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new ApplyReservationAnswer(booking.Id, new EpjReservationAnswer(EpjItemStates.Failed, false, null, NotSent)), cancellationToken);
        logger.LogWarning("Booking {BookingId} is refused without reaching the journal: {Why}.", booking.Id, why);
    }

    private const string NotSent = "Bestillingen kom ikke fram til helsetjenesten. Velg en ny tid eller ring.";

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DurableClaim.BacklogAsync<Booking>(scope.ServiceProvider.GetRequiredService<CalendarDbContext>(), Columns, QueueName, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.State is WorkItemStates.DeadLettered or WorkItemStates.Done)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = filter.Window;
        var rows = await scope.ServiceProvider.GetRequiredService<CalendarDbContext>().Bookings.AsNoTracking()
            .Where(b => b.ResumeAt != null && b.CreatedAt >= from && b.CreatedAt < to)
            .OrderBy(b => b.ResumeAt)
            .Take(filter.Limit)
            .ToListAsync(cancellationToken);

        // Never the person or the slot: the operator sees that a booking waits, in which state, and since when.
        return rows
            .Select(b => new WorkItemView(
                QueueName, b.Id, EpjDeliveryKinds.SlotReservation, CalendarDbContext.SchemaName, b.LeaseUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending,
                b.State, 0, new DateTimeOffset(b.CreatedAt, TimeSpan.Zero), new DateTimeOffset(b.ResumeAt!.Value, TimeSpan.Zero),
                b.LeaseUntil is { } lease && lease >= now ? new DateTimeOffset(lease, TimeSpan.Zero) : null, null))
            .Where(filter.Matches)
            .ToList();
    }

    /// <summary>Nothing is dead-lettered here: a booking given up is refused, and the citizen books again.</summary>
    public Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(false);
}
