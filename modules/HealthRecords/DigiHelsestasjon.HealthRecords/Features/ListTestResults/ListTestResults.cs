namespace DigiHelsestasjon.HealthRecords.Features;

/// <summary>The subject's test results the caller may see, newest first: parents of a 12-15-year-old see none from the
/// school health service or HFU, nor anything exempt; from 16 the youth alone.</summary>
internal sealed record ListTestResults(SubjectAccessDecision Access, Guid SubjectId) : IQuery<ReadEntries>;

internal sealed class ListTestResultsHandler(HealthRecordSources sources) : IRequestHandler<ListTestResults, ReadEntries>
{
    public async Task<ReadEntries> Handle(ListTestResults request, CancellationToken cancellationToken)
    {
        HealthRecordAnswers.CheckAge(request.Access);
        var read = await sources.ReadAsync(EpjSelfServiceKinds.TestResults, request.SubjectId, cancellationToken);
        return read with { Entries = [.. read.Entries.Where(e => request.Access.MaySee(e.Protection))] };
    }
}

internal static class ListTestResultsEndpoint
{
    public static void Map(IEndpointRouteBuilder subject) =>
        subject.MapGet("/test-results", async Task<Ok<IReadOnlyList<HealthRecordResponse>>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var read = await mediator.Send(new ListTestResults(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
                HealthRecordAnswers.MarkIncomplete(http, read.Unavailable);
                return TypedResults.Ok<IReadOnlyList<HealthRecordResponse>>([.. read.Entries.Select(e => e.Entry)]);
            })
            .RequireSubjectAccess(Permissions.HealthRecordsRead, "healthrecords.test-results", "Vise prøvesvar");
}
