using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Features;

public sealed record SubjectResponse(Guid SubjectId, string Name, int Age, string Relation);

public sealed record AccessLogResponse(DateTimeOffset Time, string ActorName, string Relation, string Action, string Purpose, string Outcome, string System);

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

/// <summary>Who accessed the subject's data, newest first (pasientjournalloven § 22).</summary>
internal sealed record GetAccessLog(Guid SubjectId) : IQuery<IReadOnlyList<AccessLogResponse>>;

internal sealed class GetAccessLogHandler(IdentityDbContext db) : IRequestHandler<GetAccessLog, IReadOnlyList<AccessLogResponse>>
{
    public async Task<IReadOnlyList<AccessLogResponse>> Handle(GetAccessLog request, CancellationToken cancellationToken)
    {
        var entries = await db.AccessLog.AsNoTracking()
            .Where(e => e.SubjectId == request.SubjectId)
            .OrderByDescending(e => e.Time)
            .Take(500)
            .ToListAsync(cancellationToken);
        return entries.Select(e => new AccessLogResponse(
            new DateTimeOffset(e.Time, TimeSpan.Zero), e.ActorName, e.Relation, e.Action, e.Purpose, e.Outcome, e.System)).ToList();
    }
}
