namespace DigiHelsestasjon.HealthRecords.Features.ListHealthRecords;

using DigiHelsestasjon.HealthRecords.Features.Sources;

/// <summary>The subject's vaccinations or test results (<see cref="EpjSelfServiceKinds"/>) the caller may see, newest first.
/// Parents see a child's under 16, but for a 12-15-year-old no test result from the school health service or HFU, and
/// never what the health service exempted; from 16 the youth alone (the gate answers 404 to parents).</summary>
internal sealed record ListHealthRecords(SubjectAccessDecision Access, Guid SubjectId, string Kind) : IQuery<ReadEntries>;

internal sealed class ListHealthRecordsHandler(HealthRecordSources sources) : IRequestHandler<ListHealthRecords, ReadEntries>
{
    public async Task<ReadEntries> Handle(ListHealthRecords request, CancellationToken cancellationToken)
    {
        HealthRecordAnswers.CheckAge(request.Access);
        var read = await sources.ReadAsync(request.Kind, request.SubjectId, cancellationToken);
        return read with { Entries = [.. read.Entries.Where(e => request.Access.MaySee(e.Protection))] };
    }
}

internal static class ListHealthRecordsEndpoints
{
    public static void Map(IEndpointRouteBuilder subject)
    {
        Map(subject, EpjSelfServiceKinds.Vaccinations, "Vise vaksiner");
        Map(subject, EpjSelfServiceKinds.TestResults, "Vise prøvesvar");
    }

    /// <summary><c>GET /{kind}</c>; the access log's action is <c>healthrecords.{kind}</c>.</summary>
    private static void Map(IEndpointRouteBuilder subject, string kind, string purpose) =>
        subject.MapGet($"/{kind}", async Task<Ok<IReadOnlyList<HealthRecordResponse>>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var read = await mediator.Send(new ListHealthRecords(http.SubjectAccess<SubjectAccessDecision>(), subjectId, kind), ct);
                HealthRecordAnswers.MarkIncomplete(http, read.Unavailable);
                return TypedResults.Ok<IReadOnlyList<HealthRecordResponse>>([.. read.Entries.Select(e => e.Entry)]);
            })
            .RequireSubjectAccess(Permissions.HealthRecordsRead, $"healthrecords.{kind}", purpose);
}
