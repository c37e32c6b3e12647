namespace DigiHelsestasjon.HealthRecords.Features;

/// <summary>The subject's vaccinations the caller may see, newest first: parents see a child's under 16 (not what the
/// health service exempted); from 16 the youth alone (the gate answers 404 to parents).</summary>
internal sealed record ListVaccinations(SubjectAccessDecision Access, Guid SubjectId) : IQuery<ReadEntries>;

internal sealed class ListVaccinationsHandler(HealthRecordSources sources) : IRequestHandler<ListVaccinations, ReadEntries>
{
    public async Task<ReadEntries> Handle(ListVaccinations request, CancellationToken cancellationToken)
    {
        HealthRecordAnswers.CheckAge(request.Access);
        var read = await sources.ReadAsync(EpjSelfServiceKinds.Vaccinations, request.SubjectId, cancellationToken);
        return read with { Entries = [.. read.Entries.Where(e => request.Access.MaySee(e.Protection))] };
    }
}

internal static class ListVaccinationsEndpoint
{
    public static void Map(IEndpointRouteBuilder subject) =>
        subject.MapGet("/vaccinations", async Task<Ok<IReadOnlyList<HealthRecordResponse>>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var read = await mediator.Send(new ListVaccinations(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
                HealthRecordAnswers.MarkIncomplete(http, read.Unavailable);
                return TypedResults.Ok<IReadOnlyList<HealthRecordResponse>>([.. read.Entries.Select(e => e.Entry)]);
            })
            .RequireSubjectAccess(Permissions.HealthRecordsRead, "healthrecords.vaccinations", "Vise vaksiner");
}
