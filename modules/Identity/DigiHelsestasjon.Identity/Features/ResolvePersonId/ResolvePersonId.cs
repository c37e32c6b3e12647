namespace DigiHelsestasjon.Identity.Features.ResolvePersonId;

using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Features.Representations;

internal sealed class ResolvePersonIdHandler(Representations representations) : IRequestHandler<ResolvePersonId, Guid?>
{
    public async Task<Guid?> Handle(ResolvePersonId request, CancellationToken cancellationToken)
    {
        if (!Fodselsnummer.IsValid(request.Pid))
        {
            return null;
        }

        var record = await representations.LookupAsync(request.Pid, cancellationToken);
        return record is null ? null : (await representations.EnsurePersonAsync(record, cancellationToken)).Id;
    }
}
