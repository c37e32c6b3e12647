namespace DigiHelsestasjon.Identity.Features.GetMe;

using DigiHelsestasjon.Identity.Features.Representations;

public sealed record MeResponse(Guid PersonId, string Name, int Age, IReadOnlyList<RepresentationResponse> Representations);

public sealed record RepresentationResponse(Guid SubjectId, string Name, int Age, string Relation, IReadOnlyList<string> Permissions);

/// <summary>Who is logged in and whom they may act for. Acting for others needs
/// <see cref="AssuranceLevels.High"/>; at a lower level only "self" is listed.</summary>
internal sealed record GetMe(string Pid, string? Acr, bool Refresh = false) : ICommand<MeResponse>;

internal sealed class GetMeHandler(Representations representations) : IRequestHandler<GetMe, MeResponse>
{
    public async Task<MeResponse> Handle(GetMe request, CancellationToken cancellationToken)
    {
        if (request.Refresh)
        {
            representations.Forget(request.Pid);
        }

        var record = await representations.LookupAsync(request.Pid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var person = await representations.EnsurePersonAsync(record, cancellationToken);
        var list = await representations.ListAsync(record, person, cancellationToken);
        if (AuthorizeSubjectAccess.SubjectAccessGate.ReachesOnlyYouthServices(request.Acr))
        {
            list = list.Where(r => r.Relation == Relations.Self).ToList();
        }

        return new MeResponse(
            person.Id,
            person.Name,
            Age.On(person.BirthDate, representations.Today),
            list.Select(r => new RepresentationResponse(r.Subject.Id, r.Subject.Name, r.Age, r.Relation, r.Permissions)).ToList());
    }
}
