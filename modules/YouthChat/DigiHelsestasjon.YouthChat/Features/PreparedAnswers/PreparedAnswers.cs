using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.PreparedAnswers;

using DigiHelsestasjon.YouthChat.Features.Conversations;

public sealed record PreparedAnswerView(Guid Id, Guid UnitId, string Title, string Text);

public sealed record AddPreparedAnswerBody(Guid? UnitId, string? Title, string? Text);

internal sealed record ListPreparedAnswers(ChatCaller Nurse) : IQuery<IReadOnlyList<PreparedAnswerView>>;

internal sealed record AddPreparedAnswer(ChatCaller Nurse, AddPreparedAnswerBody Body) : ICommand<PreparedAnswerView>;

internal sealed record RemovePreparedAnswer(ChatCaller Nurse, Guid Id) : ICommand<bool>;

internal sealed class AddPreparedAnswerValidator : IValidator<AddPreparedAnswer>
{
    public IEnumerable<ValidationFailure> Validate(AddPreparedAnswer request)
    {
        if (request.Body.UnitId is not { } unit || !request.Nurse.NurseUnits.Contains(unit))
        {
            yield return new ValidationFailure("unitId", "One of your own units.");
        }

        foreach (var failure in MessageText.Check("title", request.Body.Title, 100, multiline: false).Concat(MessageText.Check("text", request.Body.Text, 2000, multiline: true)))
        {
            yield return failure;
        }
    }
}

/// <summary>Prepared answers are kept per unit: every nurse of the unit sees and uses the same ones.</summary>
internal sealed class PreparedAnswersHandler(YouthChatDbContext db, TimeProvider time) :
    IRequestHandler<ListPreparedAnswers, IReadOnlyList<PreparedAnswerView>>,
    IRequestHandler<AddPreparedAnswer, PreparedAnswerView>,
    IRequestHandler<RemovePreparedAnswer, bool>
{
    public async Task<IReadOnlyList<PreparedAnswerView>> Handle(ListPreparedAnswers request, CancellationToken cancellationToken)
    {
        var units = request.Nurse.NurseUnits;
        return await db.PreparedAnswers.AsNoTracking().Where(a => units.Contains(a.UnitId)).OrderBy(a => a.Title)
            .Select(a => new PreparedAnswerView(a.Id, a.UnitId, a.Title, a.Text)).ToListAsync(cancellationToken);
    }

    public Task<PreparedAnswerView> Handle(AddPreparedAnswer request, CancellationToken cancellationToken)
    {
        var answer = new PreparedAnswer
        {
            Id = Guid.NewGuid(), UnitId = request.Body.UnitId!.Value, Title = request.Body.Title!.Trim(), Text = request.Body.Text!.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.PreparedAnswers.Add(answer);
        return Task.FromResult(new PreparedAnswerView(answer.Id, answer.UnitId, answer.Title, answer.Text));
    }

    public async Task<bool> Handle(RemovePreparedAnswer request, CancellationToken cancellationToken)
    {
        var units = request.Nurse.NurseUnits;
        var answer = await db.PreparedAnswers.FirstOrDefaultAsync(a => a.Id == request.Id && units.Contains(a.UnitId), cancellationToken) ?? throw new NotFoundException("prepared answer");
        db.PreparedAnswers.Remove(answer);
        return true;
    }
}

internal static class PreparedAnswersEndpoint
{
    public static void Map(IEndpointRouteBuilder staff)
    {
        staff.MapGet("/units", async Task<Ok<IReadOnlyList<NurseUnit>>> (HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListMyUnits(ChatCaller.Nurse(http.User)), ct)));
        staff.MapGet("/prepared-answers", async Task<Ok<IReadOnlyList<PreparedAnswerView>>> (HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListPreparedAnswers(ChatCaller.Nurse(http.User)), ct)));
        staff.MapPost("/prepared-answers", async Task<Created<PreparedAnswerView>> (AddPreparedAnswerBody? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var added = await mediator.Send(new AddPreparedAnswer(ChatCaller.Nurse(http.User), body ?? new(null, null, null)), ct);
            return TypedResults.Created($"/api/v1/staff/youth-chat/prepared-answers/{added.Id}", added);
        });
        staff.MapDelete("/prepared-answers/{id:guid}", async Task<NoContent> (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new RemovePreparedAnswer(ChatCaller.Nurse(http.User), id), ct);
            return TypedResults.NoContent();
        })
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
