namespace DigiHelsestasjon.YouthChat.Features.PreparedAnswers;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>A unit the nurse works at (from her HelseID login), by name.</summary>
public sealed record NurseUnit(Guid UnitId, string Name);

/// <summary>The nurse's own units: where she answers youths, and whose prepared answers she keeps.</summary>
internal sealed record ListMyUnits(ChatCaller Nurse) : IQuery<IReadOnlyList<NurseUnit>>;

internal sealed class ListMyUnitsHandler(IMediator mediator) : IRequestHandler<ListMyUnits, IReadOnlyList<NurseUnit>>
{
    public async Task<IReadOnlyList<NurseUnit>> Handle(ListMyUnits request, CancellationToken cancellationToken)
    {
        var units = await mediator.Send(new GetUnits([.. request.Nurse.NurseUnits]), cancellationToken);
        return request.Nurse.NurseUnits
            .Select(id => new NurseUnit(id, units.TryGetValue(id, out var unit) ? unit.Name : ""))
            .OrderBy(u => u.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("nb-NO"), ignoreCase: true))
            .ToList();
    }
}
