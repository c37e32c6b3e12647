namespace DigiHelsestasjon.Identity.Features.GetNoticeRecipients;

using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Features.Representations;

internal sealed class GetNoticeRecipientsHandler(Representations representations, IdentityDbContext db)
    : IRequestHandler<GetNoticeRecipients, IReadOnlyList<NoticeRecipient>>
{
    public async Task<IReadOnlyList<NoticeRecipient>> Handle(GetNoticeRecipients request, CancellationToken cancellationToken)
    {
        var subject = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == request.SubjectId, cancellationToken);
        var record = subject is null ? null : await representations.LookupAsync(subject.Pid, cancellationToken);
        if (subject is null || record is null)
        {
            return [];
        }

        var age = Age.On(record.BirthDate, representations.Today);
        if (age >= RepresentationRules.YouthAloneFrom)
        {
            return [new NoticeRecipient(subject.Id, Relations.Self)];
        }

        var recipients = new List<NoticeRecipient>();
        foreach (var parentLink in record.Parents)
        {
            var parent = await representations.LookupAsync(parentLink.Pid, cancellationToken);
            if (parent is null)
            {
                continue;
            }

            var permissions = RepresentationRules.ForParent(parentLink.ParentalResponsibility, parent.ProtectedAddress, record.ProtectedAddress, age);
            var decision = new SubjectAccessDecision(permissions.Count > 0, Guid.Empty, Relations.Child, age);
            if (decision.MaySee(request.Item))
            {
                recipients.Add(new NoticeRecipient((await representations.EnsurePersonAsync(parent, cancellationToken)).Id, Relations.Child));
            }
        }

        return recipients;
    }
}
