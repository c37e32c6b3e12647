namespace DigiHelsestasjon.Directory.Features.ChangePolicies;

using DigiHelsestasjon.Directory.Features.Units;

internal sealed record ChangePolicies(string Kommunenummer, MunicipalityPolicies Policies) : ICommand<MunicipalityPolicies>;

internal sealed class ChangePoliciesValidator : IValidator<ChangePolicies>
{
    private static readonly string[] KnownModules = ["Calendar", "Messaging", "Notifications", "YouthChat"];

    public IEnumerable<ValidationFailure> Validate(ChangePolicies request)
    {
        var p = request.Policies;
        if (p is null)
        {
            yield return new ValidationFailure("body", "The policies are required.");
            yield break;
        }

        if (p.CancellationDeadlineHours is < 0 or > 24 * 14)
        {
            yield return new ValidationFailure("cancellationDeadlineHours", "Between 0 and 336 hours.");
        }

        if (p.ReminderLeadTimesHours is null || p.ReminderLeadTimesHours.Count > 5)
        {
            yield return new ValidationFailure("reminderLeadTimesHours", "Up to five lead times, each between 1 and 336 hours.");
        }
        else
        {
            // Each value by its place, so the admin's form can point at the one that is wrong.
            for (var i = 0; i < p.ReminderLeadTimesHours.Count; i++)
            {
                if (p.ReminderLeadTimesHours[i] is < 1 or > 24 * 14)
                {
                    yield return new ValidationFailure($"reminderLeadTimesHours[{i}]", "Between 1 and 336 hours (two weeks) before the appointment.");
                }
            }
        }

        if (p.ChatOpeningHours is null || p.ChatOpeningHours.Any(o => o.Closes <= o.Opens))
        {
            yield return new ValidationFailure("chatOpeningHours", "Each day closes after it opens.");
        }

        if (p.ChatRetentionHours is < 1 or > 24 * 30)
        {
            yield return new ValidationFailure("chatRetentionHours", "Between 1 and 720 hours: transcripts are deleted soon after a chat ends.");
        }

        if (p.EnabledModules is null || p.EnabledModules.Any(m => !KnownModules.Contains(m)))
        {
            yield return new ValidationFailure("enabledModules", $"Known modules: {string.Join(", ", KnownModules)}.");
        }
    }
}

internal sealed class ChangePoliciesHandler(DirectoryDbContext db, UnitCache cache, TimeProvider time) : IRequestHandler<ChangePolicies, MunicipalityPolicies>
{
    public async Task<MunicipalityPolicies> Handle(ChangePolicies request, CancellationToken cancellationToken)
    {
        var municipality = await db.Municipalities.FindAsync([request.Kommunenummer], cancellationToken) ?? throw new NotFoundException("municipality");
        municipality.WritePolicies(request.Policies);
        municipality.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.SavedChanges += (_, _) => cache.ForgetPolicies(request.Kommunenummer);
        return request.Policies;
    }
}
