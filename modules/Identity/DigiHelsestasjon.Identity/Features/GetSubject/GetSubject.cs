namespace DigiHelsestasjon.Identity.Features.GetSubject;

public sealed record SubjectResponse(Guid SubjectId, string Name, int Age, string Relation);

/// <summary>The subject's name and age, for one already authorised.</summary>
internal sealed record GetSubject(Guid SubjectId, string Relation) : IQuery<SubjectResponse>;

internal sealed class GetSubjectHandler(IdentityDbContext db, TimeProvider time) : IRequestHandler<GetSubject, SubjectResponse>
{
    public async Task<SubjectResponse> Handle(GetSubject request, CancellationToken cancellationToken)
    {
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == request.SubjectId, cancellationToken);
        return new SubjectResponse(person.Id, person.Name, Age.On(person.BirthDate, Age.TodayInOslo(time)), request.Relation);
    }
}
