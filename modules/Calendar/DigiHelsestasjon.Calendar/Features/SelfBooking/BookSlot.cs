using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.SelfBooking;

using DigiHelsestasjon.Calendar.Features.Appointments;

/// <param name="Note">What the appointment is about ("hva gjelder det"), optional, at most 500 characters; only where the free
/// time says <c>takesNote</c> (the unit's journal keeps it).</param>
public sealed record BookingBody(string? SlotId, Guid? ReplacesAppointmentId, string? Note = null);

/// <param name="State">requested (waiting for the journal or the health service), confirmed (the journal booked it) or refused.</param>
/// <param name="AppointmentId">The booked appointment, once the journal has published it.</param>
public sealed record BookingResponse(
    Guid BookingId, string State, Guid UnitId, string UnitName, string Kind, DateTimeOffset Start, DateTimeOffset End,
    Guid? AppointmentId, Guid? ReplacesAppointmentId, string? Reason);

internal static class BookingStates
{
    public const string Requested = "requested";
    public const string Confirmed = "confirmed";
    public const string Refused = "refused";
}

/// <summary>Step 1 of a booking, before anything is sent: the slot must still be in the journal's fresh list, of a kind the unit
/// opens, at a unit this caller may book for this subject. The same slot asked again finds the booking already made.</summary>
internal sealed record PrepareBooking(SubjectAccessDecision Access, Guid SubjectId, string? SlotId, Guid? ReplacesAppointmentId, string? Note = null) : ICommand<Guid>;

internal sealed class PrepareBookingHandler(CalendarDbContext db, IMediator mediator, TimeProvider time) : IRequestHandler<PrepareBooking, Guid>
{
    public async Task<Guid> Handle(PrepareBooking request, CancellationToken cancellationToken)
    {
        var parsed = SelfBookingRules.ParseSlotId(request.SlotId) ?? throw ValidationException.For("slotId", "A slotId from GET free-slots.");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > EpjSelfServiceKinds.MaxBookingNoteLength })
        {
            throw ValidationException.For("note", $"At most {EpjSelfServiceKinds.MaxBookingNoteLength} characters; this one has {note.Length}.");
        }

        var (unitId, start, epjSlotId) = parsed;
        var unit = await mediator.Send(new GetUnit(unitId), cancellationToken);
        if (unit is null || !SelfBookingRules.MayBook(request.Access, unit.Type))
        {
            throw SelfBookingRules.NotBookable();
        }

        // The same time asked again (a double tap, a retry after a lost answer): the booking already made, sent again if it waits.
        var existing = await ActiveBookingAsync(db, request.SubjectId, unitId, epjSlotId, cancellationToken);
        if (existing is not null)
        {
            return existing.Value;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.Bookings.CountAsync(
            b => b.PersonId == request.SubjectId && b.UnitId == unitId && b.State != BookingStates.Refused && b.Start > now
                && !db.Appointments.Any(a => a.UnitId == b.UnitId && a.EpjAppointmentId == b.EpjAppointmentId && a.Status == "cancelled"),
            cancellationToken);
        if (open >= SelfBookingRules.MaxOpenBookingsPerUnit && request.ReplacesAppointmentId is null)
        {
            // A double tap whose twin committed between the look above and the count: that one booking, not "too many".
            if (await ActiveBookingAsync(db, request.SubjectId, unitId, epjSlotId, cancellationToken) is { } twin)
            {
                return twin;
            }

            throw new PlatformProblemException(409, "too-many-bookings", "Du har allerede bestilt flere timer her. Avbestill eller flytt en av dem.",
                $"At most {SelfBookingRules.MaxOpenBookingsPerUnit} self-booked times at one unit may wait or be booked at once.");
        }

        var kinds = await db.SelfBookingKinds.AsNoTracking().Where(k => k.UnitId == unitId).Select(k => k.Kind).ToListAsync(cancellationToken);
        var fresh = await mediator.Send(new GetEpjFreeSlots(unitId, start, start.AddMinutes(1)), cancellationToken);
        var slot = fresh.Slots.FirstOrDefault(s => s.EpjSlotId == epjSlotId);
        if ((slot is not null && !kinds.Contains(slot.Kind, StringComparer.OrdinalIgnoreCase)) || (slot is null && kinds.Count == 0))
        {
            // Free, but not (or no longer) open to self-booking: the municipality closed it, nobody took it.
            throw SelfBookingRules.NotBookable();
        }

        if (slot is null)
        {
            throw await SlotTakenAsync(mediator, request.Access, unitId, start, cancellationToken);
        }

        if (note is not null && !fresh.TakesNote)
        {
            // The journal would drop it unseen: the citizen is told, not the note lost.
            throw new PlatformProblemException(422, "booking-note-not-taken", "Dette stedet tar ikke imot hva timen gjelder. Bestill uten, og skriv det i en melding.",
                "The unit's journal does not keep a note with a booking (EPJ contract 1.2); free times say so in takesNote.");
        }

        if (request.ReplacesAppointmentId is { } old)
        {
            var replaced = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == old && a.PersonId == request.SubjectId, cancellationToken);
            if (replaced is null || !request.Access.MaySee(AppointmentAccess.Protection(replaced)))
            {
                throw new NotFoundException("appointment");
            }

            if (replaced.Status != "booked" || replaced.CancellationState is not null || replaced.Start <= now)
            {
                throw new PlatformProblemException(409, "not-replaceable", "Denne timen kan ikke flyttes.", $"The appointment to replace is {replaced.Status} and starts {replaced.Start:u}.");
            }

            if (replaced.UnitId != unitId)
            {
                throw new PlatformProblemException(409, "not-replaceable", "En time kan bare flyttes til en ny tid samme sted.", "The new time must be at the unit of the appointment it replaces.");
            }

            // Moving cancels the old time: the municipality's cancellation deadline holds here too.
            var policies = await mediator.Send(new GetMunicipalityPolicies(unit.Kommunenummer), cancellationToken);
            if (policies?.CancellationDeadlineHours is > 0 and var hours && replaced.Start - now < TimeSpan.FromHours(hours))
            {
                var problem = new PlatformProblemException(
                    422, "cancellation-deadline-passed", $"Timer kan ikke flyttes digitalt senere enn {hours} timer før.",
                    $"The municipality accepts digital cancellations (and moves) until {hours} hours before the appointment. Call the health station.");
                problem.Extensions["deadlineHours"] = hours;
                throw problem;
            }
        }

        var booking = new Booking
        {
            Id = Guid.NewGuid(), PersonId = request.SubjectId, ActorPersonId = request.Access.ActorPersonId, ActorRelation = request.Access.ActorRelation,
            UnitId = unitId, EpjSlotId = epjSlotId, Kind = slot.Kind, Start = slot.Start.UtcDateTime, End = slot.End.UtcDateTime,
            State = BookingStates.Requested, MessageId = Guid.NewGuid(), ReplacesAppointmentId = request.ReplacesAppointmentId, CreatedAt = now, UpdatedAt = now,
            ResumeAt = now + BookingResumeQueue.ResumeAfter, Note = note,
        };
        db.Bookings.Add(booking);
        return booking.Id;
    }

    /// <summary>This subject's booking of this slot that is not refused, if any.</summary>
    public static async Task<Guid?> ActiveBookingAsync(CalendarDbContext db, Guid subjectId, Guid unitId, string epjSlotId, CancellationToken cancellationToken) =>
        await db.Bookings.AsNoTracking()
            .Where(b => b.PersonId == subjectId && b.UnitId == unitId && b.EpjSlotId == epjSlotId && b.State != BookingStates.Refused)
            .OrderBy(b => b.CreatedAt)
            .Select(b => (Guid?)b.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>409 with up to ten fresh free times at the same unit from that day on, so the citizen can pick again at once.</summary>
    public static async Task<PlatformProblemException> SlotTakenAsync(IMediator mediator, SubjectAccessDecision access, Guid unitId, DateTimeOffset around, CancellationToken cancellationToken)
    {
        var fresh = await mediator.Send(new ListFreeSlots(access, unitId, null, around.AddHours(-12), around.AddDays(28)), cancellationToken);
        var problem = new PlatformProblemException(409, "slot-taken", "Timen er ikke lenger ledig. Velg en annen tid.", "Someone else reserved this time meanwhile; freeSlots lists times that are free now.");
        problem.Extensions["freeSlots"] = fresh.Take(10).ToList();
        return problem;
    }
}

/// <summary>Step 3: the journal's answer moves the booking (the same rules as a later answer, <see cref="ReservationStateChangedHandler"/>).</summary>
internal sealed record ApplyReservationAnswer(Guid BookingId, EpjReservationAnswer Answer) : ICommand<bool>;

internal sealed class ApplyReservationAnswerHandler(CalendarDbContext db, IMediator mediator, TimeProvider time, UnitOfWork unitOfWork) : IRequestHandler<ApplyReservationAnswer, bool>
{
    public async Task<bool> Handle(ApplyReservationAnswer request, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.SingleAsync(b => b.Id == request.BookingId, cancellationToken);

        // The answer is applied: later ones come as EpjDeliveryStateChanged through the outbox, so nothing needs taking up again.
        (booking.ResumeAt, booking.LockedBy, booking.LeaseUntil) = (null, null, null);
        await Bookings.ApplyAsync(db, mediator, time, unitOfWork, booking, request.Answer.State, request.Answer.EpjAppointmentId, request.Answer.Reason, request.Answer.SlotTaken, cancellationToken);
        return request.Answer.SlotTaken;
    }
}

internal static class Bookings
{
    /// <summary>Moves a booking by its delivery item's state; never back from confirmed or refused. A confirmed rebooking asks the
    /// journal to cancel the old appointment (only now: the person is never left with none).</summary>
    public static async Task ApplyAsync(CalendarDbContext db, IMediator mediator, TimeProvider time, UnitOfWork unitOfWork, Booking booking, string itemState, string? epjAppointmentId, string? reason, bool slotTaken, CancellationToken cancellationToken)
    {
        if (booking.State != BookingStates.Requested)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        switch (itemState)
        {
            case EpjItemStates.Journaled:
                booking.State = BookingStates.Confirmed;
                booking.EpjAppointmentId = epjAppointmentId;
                booking.Reason = null;

                // The journal holds it now; a youth's words are kept no longer than they are needed to send again.
                booking.Note = null;
                await MarkOwnContactAsync(db, booking, cancellationToken);
                await CancelReplacedAsync(db, mediator, unitOfWork, booking, now, cancellationToken);
                break;
            case EpjItemStates.Refused or EpjItemStates.Failed or EpjItemStates.DeadLettered or EpjItemStates.Rejected:
                booking.State = BookingStates.Refused;
                booking.Note = null;
                booking.Reason = slotTaken ? "Timen er ikke lenger ledig." : reason is { Length: > 0 } ? reason : "Timen kunne ikke bestilles. Velg en annen tid eller ring.";
                break;
            default:
                // Received, pending review, pending a retry: still requested.
                booking.Reason = itemState == EpjItemStates.PendingReview ? reason : booking.Reason;
                break;
        }

        booking.UpdatedAt = now;
    }

    /// <summary>A time the youth booked themself is their own contact (hidden from parents from 12), wherever the journal's
    /// appointment arrived first. Normally the appointment is created knowing it (the booking row is older).</summary>
    private static async Task MarkOwnContactAsync(CalendarDbContext db, Booking booking, CancellationToken cancellationToken)
    {
        if (booking.ActorRelation != SubjectRelations.Self || booking.EpjAppointmentId is null)
        {
            return;
        }

        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.UnitId == booking.UnitId && a.EpjAppointmentId == booking.EpjAppointmentId, cancellationToken);
        if (appointment is not null)
        {
            appointment.YouthService = true;
        }
    }

    /// <summary>The request's answer and the delivery's later event may apply the same confirmation at once: a conditional
    /// update claims the old appointment's cancellation, so only one of them asks the journal to cancel it.</summary>
    private static async Task CancelReplacedAsync(CalendarDbContext db, IMediator mediator, UnitOfWork unitOfWork, Booking booking, DateTime now, CancellationToken cancellationToken)
    {
        if (booking.ReplacesAppointmentId is not { } old)
        {
            return;
        }

        var replaced = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == old && a.CancellationState == null && a.Status == "booked", cancellationToken);
        if (replaced is null)
        {
            return;
        }

        var unit = await mediator.Send(new GetUnit(replaced.UnitId), cancellationToken);
        var policies = unit is null ? null : await mediator.Send(new GetMunicipalityPolicies(unit.Kommunenummer), cancellationToken);
        var messageId = Guid.NewGuid();
        const string reason = "Flyttet til ny time (bestilt digitalt).";
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        var won = await db.Appointments
            .Where(a => a.Id == old && a.CancellationState == null && a.Status == "booked")
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.CancellationState, "requested")
                .SetProperty(a => a.CancellationReason, reason)
                .SetProperty(a => a.CancellationMessageId, messageId)
                .SetProperty(a => a.CancellationRequestedAt, now)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
        if (won == 1)
        {
            db.AddIntegrationEvent(new EpjCancellationRequested(messageId, replaced.UnitId, replaced.PersonId, replaced.EpjAppointmentId, reason, booking.ActorRelation, policies?.CancellationNeedsApproval ?? false,
                booking.ActorPersonId, new DateTimeOffset(replaced.Start, TimeSpan.Zero), new DateTimeOffset(replaced.End, TimeSpan.Zero)));
        }
    }

    public static async Task<BookingResponse> ToResponseAsync(CalendarDbContext db, IMediator mediator, Booking booking, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(booking.UnitId), cancellationToken);
        var appointmentId = booking.EpjAppointmentId is null ? (Guid?)null
            : await db.Appointments.AsNoTracking().Where(a => a.UnitId == booking.UnitId && a.EpjAppointmentId == booking.EpjAppointmentId).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
        return new BookingResponse(
            booking.Id, booking.State, booking.UnitId, unit?.Name ?? "", booking.Kind, new DateTimeOffset(booking.Start, TimeSpan.Zero), new DateTimeOffset(booking.End, TimeSpan.Zero),
            appointmentId, booking.ReplacesAppointmentId, booking.Reason);
    }
}

/// <summary>A later answer (InfoDoc's staff approval, CGM's late receipt, a retry) moves the booking.</summary>
internal sealed class ReservationStateChangedHandler(CalendarDbContext db, TimeProvider time, IMediator mediator, UnitOfWork unitOfWork)
    : IntegrationEventHandler<EpjDeliveryStateChanged, CalendarDbContext>(db, time)
{
    protected override bool Handles(EpjDeliveryStateChanged changed) => changed.Kind == EpjDeliveryKinds.SlotReservation;

    protected override async Task HandleOnceAsync(EpjDeliveryStateChanged changed, CancellationToken cancellationToken)
    {

        var booking = await Db.Bookings.FirstOrDefaultAsync(b => b.MessageId == changed.MessageId, cancellationToken);
        if (booking is not null)
        {
            await Bookings.ApplyAsync(Db, mediator, Time, unitOfWork, booking, changed.State, changed.DocumentReference, changed.Reason, changed.ErrorCodes.Contains(EpjSelfServiceKinds.SlotTakenErrorCode), cancellationToken);
        }
    }
}

internal sealed record GetBooking(Guid SubjectId, Guid BookingId) : IQuery<BookingResponse>;

internal sealed class GetBookingHandler(CalendarDbContext db, IMediator mediator) : IRequestHandler<GetBooking, BookingResponse>
{
    public async Task<BookingResponse> Handle(GetBooking request, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == request.BookingId && b.PersonId == request.SubjectId, cancellationToken)
            ?? throw new NotFoundException("booking");
        return await Bookings.ToResponseAsync(db, mediator, booking, cancellationToken);
    }
}

/// <summary>The subject's bookings, newest first (the last 50).</summary>
internal sealed record ListBookings(Guid SubjectId) : IQuery<IReadOnlyList<BookingResponse>>;

internal sealed class ListBookingsHandler(CalendarDbContext db, IMediator mediator) : IRequestHandler<ListBookings, IReadOnlyList<BookingResponse>>
{
    public async Task<IReadOnlyList<BookingResponse>> Handle(ListBookings request, CancellationToken cancellationToken)
    {
        var bookings = await db.Bookings.AsNoTracking().Where(b => b.PersonId == request.SubjectId).OrderByDescending(b => b.CreatedAt).Take(50).ToListAsync(cancellationToken);
        var responses = new List<BookingResponse>(bookings.Count);
        foreach (var booking in bookings)
        {
            responses.Add(await Bookings.ToResponseAsync(db, mediator, booking, cancellationToken));
        }

        return responses;
    }
}

/// <summary>A booking, the whole workflow behind one send, in three steps so no transaction is held while the journal
/// answers: save the booking, reserve in the journal (saved first as a delivery item, retried if the answer is lost), apply
/// the answer. A workflow: each step is a command of its own and commits on its own.</summary>
internal sealed record BookSlot(SubjectAccessDecision Access, Guid SubjectId, string? SlotId, Guid? ReplacesAppointmentId, string? Note = null) : IWorkflow<BookingResponse>;

internal sealed class BookSlotHandler(CalendarDbContext db, IMediator mediator) : IRequestHandler<BookSlot, BookingResponse>
{
    public async Task<BookingResponse> Handle(BookSlot request, CancellationToken cancellationToken)
    {
        var bookingId = await mediator.Send(new PrepareBooking(request.Access, request.SubjectId, request.SlotId, request.ReplacesAppointmentId, request.Note), cancellationToken);
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, cancellationToken);
        if (booking.State == BookingStates.Requested)
        {
            var answer = await mediator.Send(new ReserveEpjSlot(booking.MessageId, booking.UnitId, booking.PersonId, booking.EpjSlotId, booking.ActorRelation, booking.ActorPersonId, booking.Note), cancellationToken);
            if (await mediator.Send(new ApplyReservationAnswer(booking.Id, answer), cancellationToken))
            {
                // Taken: by someone else (409 with fresh times), or by this subject's own tap that won the race.
                bookingId = await PrepareBookingHandler.ActiveBookingAsync(db, request.SubjectId, booking.UnitId, booking.EpjSlotId, cancellationToken)
                    ?? throw await PrepareBookingHandler.SlotTakenAsync(mediator, request.Access, booking.UnitId, new DateTimeOffset(booking.Start, TimeSpan.Zero), cancellationToken);
            }
        }

        return await mediator.Send(new GetBooking(request.SubjectId, bookingId), cancellationToken);
    }
}

internal static class BookSlotEndpoint
{
    public static void Map(IEndpointRouteBuilder subject)
    {
        subject.MapPost("/bookings", async Task<Accepted<BookingResponse>> (Guid subjectId, BookingBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var booking = await mediator.Send(new BookSlot(http.SubjectAccess<SubjectAccessDecision>(), subjectId, body?.SlotId, body?.ReplacesAppointmentId, body?.Note), ct);
                return TypedResults.Accepted($"/api/v1/subjects/{subjectId}/bookings/{booking.BookingId}", booking);
            })
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.create", "Bestille time")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        subject.MapGet("/bookings/{bookingId:guid}", async Task<Ok<BookingResponse>> (Guid subjectId, Guid bookingId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetBooking(subjectId, bookingId), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.read", "Vise en timebestilling");
        subject.MapGet("/bookings", async Task<Ok<IReadOnlyList<BookingResponse>>> (Guid subjectId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListBookings(subjectId), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.list", "Vise timebestillinger");
    }
}
