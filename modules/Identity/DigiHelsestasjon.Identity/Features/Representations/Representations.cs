using DigiHelsestasjon.Identity.Persistence.Entities;

namespace DigiHelsestasjon.Identity.Features.Representations;

/// <summary>Whom a person may act for, with what permissions, today.</summary>
internal sealed record Representation(Person Subject, string Relation, int Age, IReadOnlyList<string> Permissions);

/// <summary>Answers representation questions from the register (cached briefly) and the stored
/// persons and powers of attorney, through <see cref="RepresentationRules"/>.</summary>
internal sealed class Representations(IdentityDbContext db, IPopulationRegister register, IMemoryCache cache, TimeProvider time)
{
    /// <summary>How old the register's answer may be: a child registered meanwhile shows within this time.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RefreshAtLeastEvery = TimeSpan.FromDays(1);

    // Asked on every request made on someone's behalf: compiled once.
    private static readonly CompiledQuery<Func<IdentityDbContext, string, Task<Person?>>> PersonByPid =
        new(() => EF.CompileAsyncQuery((IdentityDbContext db, string pid) => db.Persons.FirstOrDefault(p => p.Pid == pid)));

    private static readonly CompiledQuery<Func<IdentityDbContext, Guid, Task<Person?>>> PersonById =
        new(() => EF.CompileAsyncQuery((IdentityDbContext db, Guid id) => db.Persons.FirstOrDefault(p => p.Id == id)));

    public DateOnly Today => Age.TodayInOslo(time);

    public Task<PopulationRecord?> LookupAsync(string pid, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"register:{pid}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return register.FindAsync(pid, cancellationToken);
        });

    /// <summary>Asks the register again next time (an explicit refresh).</summary>
    public void Forget(string pid) => cache.Remove($"register:{pid}");

    /// <summary>The person's stored record, created on first sight and refreshed from the register.</summary>
    public async Task<Person> EnsurePersonAsync(PopulationRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var person = db.Persons.Local.FirstOrDefault(p => p.Pid == record.Pid)
            ?? await PersonByPid.For(db)(db, record.Pid);
        if (person is null)
        {
            // Two first requests of a person (a parent's app asks several things at once) may both get here: one row wins.
            var seen = new Person { Id = Guid.NewGuid(), Pid = record.Pid, Name = record.Name, BirthDate = record.BirthDate, ProtectedAddress = record.ProtectedAddress, RefreshedAt = now };
            person = await db.InsertIfAbsentAsync(seen, cancellationToken) ? seen : await PersonByPid.For(db)(db, record.Pid)
                ?? throw new InvalidOperationException("The person's row was neither inserted nor found.");
        }

        // Written only when the register says something new (or daily), so reading is not a write.
        if (person.Name != record.Name || person.BirthDate != record.BirthDate || person.ProtectedAddress != record.ProtectedAddress || now - person.RefreshedAt > RefreshAtLeastEvery)
        {
            person.Name = record.Name;
            person.BirthDate = record.BirthDate;
            person.ProtectedAddress = record.ProtectedAddress;
            person.RefreshedAt = now;
        }

        return person;
    }

    /// <summary>Self first, then children, then those who gave the actor a fullmakt: only
    /// representations that carry at least one permission.</summary>
    public async Task<List<Representation>> ListAsync(PopulationRecord actor, Person actorPerson, CancellationToken cancellationToken)
    {
        var result = new List<Representation> { Self(actorPerson) };
        foreach (var link in actor.Children)
        {
            if (await ChildAsync(actor, link, cancellationToken) is { } child)
            {
                result.Add(child);
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var received = await db.PowersOfAttorney.Where(f => f.ReceiverId == actorPerson.Id && f.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var fullmakt in received.Where(f => f.InForce(now)))
        {
            var giver = await db.Persons.FirstAsync(p => p.Id == fullmakt.GiverId, cancellationToken);
            var representation = await FullmaktAsync(actor, actorPerson, giver, fullmakt, cancellationToken);
            if (representation is not null)
            {
                result.Add(representation);
            }
        }

        return result;
    }

    /// <summary>Children the actor has parental responsibility for who, from 16, manage their health care themselves: listed by
    /// name and age so the parent is told why, never with an id to act on. A protected address on either side lists nobody.</summary>
    public async Task<List<(string Name, int Age)>> ChildrenManagingThemselvesAsync(PopulationRecord actor, CancellationToken cancellationToken)
    {
        var result = new List<(string Name, int Age)>();
        foreach (var link in actor.Children.Where(l => l.ParentalResponsibility && !actor.ProtectedAddress))
        {
            if (await LookupAsync(link.Pid, cancellationToken) is { ProtectedAddress: false } child
                && Age.On(child.BirthDate, Today) is var age and < AdultFrom
                && RepresentationRules.ParentViewFor(age) == ParentViews.YouthManagesThemself)
            {
                result.Add((child.Name, age));
            }
        }

        return result;
    }

    /// <summary>The age of majority: a grown child is no longer listed at all.</summary>
    public const int AdultFrom = 18;

    /// <summary>The actor's representation of one subject, or null (then the answer is 404).</summary>
    public async Task<Representation?> ForSubjectAsync(PopulationRecord actor, Person actorPerson, Guid subjectId, CancellationToken cancellationToken)
    {
        if (subjectId == actorPerson.Id)
        {
            return Self(actorPerson);
        }

        var subject = db.Persons.Local.FirstOrDefault(p => p.Id == subjectId) ?? await PersonById.For(db)(db, subjectId);
        if (subject is null)
        {
            return null;
        }

        var link = actor.Children.FirstOrDefault(c => c.Pid == subject.Pid);
        if (link is not null)
        {
            return await ChildAsync(actor, link, cancellationToken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var fullmakter = await db.PowersOfAttorney
            .Where(f => f.GiverId == subjectId && f.ReceiverId == actorPerson.Id && f.EndedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var fullmakt in fullmakter.Where(f => f.InForce(now)))
        {
            var representation = await FullmaktAsync(actor, actorPerson, subject, fullmakt, cancellationToken);
            if (representation is not null)
            {
                return representation;
            }
        }

        return null;
    }

    /// <summary>The parent's representation of one child, or null when the rules give nothing.</summary>
    private async Task<Representation?> ChildAsync(PopulationRecord parent, FamilyLink link, CancellationToken cancellationToken)
    {
        var child = await LookupAsync(link.Pid, cancellationToken);
        if (child is null)
        {
            return null;
        }

        var age = Age.On(child.BirthDate, Today);
        var permissions = RepresentationRules.ForParent(link.ParentalResponsibility, parent.ProtectedAddress, child.ProtectedAddress, age);
        return permissions.Count > 0 ? new Representation(await EnsurePersonAsync(child, cancellationToken), Relations.Child, age, permissions) : null;
    }

    private Representation Self(Person actorPerson) =>
        new(actorPerson, Relations.Self, Age.On(actorPerson.BirthDate, Today), RepresentationRules.ForSelf());

    private async Task<Representation?> FullmaktAsync(
        PopulationRecord actor, Person actorPerson, Person giver, PowerOfAttorney fullmakt, CancellationToken cancellationToken)
    {
        var giverRecord = await LookupAsync(giver.Pid, cancellationToken);
        if (giverRecord is null)
        {
            return null;
        }

        var giverAge = Age.On(giverRecord.BirthDate, Today);
        var permissions = RepresentationRules.ForFullmakt(
            fullmakt.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            giverAge,
            Age.On(actor.BirthDate, Today),
            actor.ProtectedAddress || giverRecord.ProtectedAddress,
            fullmakt.InForce(time.GetUtcNow().UtcDateTime));
        return permissions.Count > 0 ? new Representation(await EnsurePersonAsync(giverRecord, cancellationToken), Relations.Fullmakt, giverAge, permissions) : null;
    }

    /// <summary>Logs an access, except what would let a caller flood the log: a refusal for a subject id
    /// nobody has is not written, and of repeated refusals only the first per actor, action and hour is.</summary>
    public async Task LogAsync(Guid subjectId, Person? actor, string relation, string action, string purpose, bool allowed, CancellationToken cancellationToken)
    {
        if (!allowed)
        {
            if (db.Persons.Local.All(p => p.Id != subjectId) && !await db.Persons.AnyAsync(p => p.Id == subjectId, cancellationToken))
            {
                return;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
            var actorId = actor?.Id;
            if (await db.AccessLog.AnyAsync(e => e.SubjectId == subjectId && e.ActorId == actorId && e.Action == action && e.Outcome == "refused" && e.Time >= hour, cancellationToken))
            {
                return;
            }
        }

        Log(subjectId, actor, relation, action, purpose, allowed);
    }

    public void Log(Guid subjectId, Person? actor, string relation, string action, string purpose, bool allowed) =>
        db.AccessLog.Add(new AccessLogEntry
        {
            Id = Guid.NewGuid(),
            Time = time.GetUtcNow().UtcDateTime,
            SubjectId = subjectId,
            ActorId = actor?.Id,
            ActorName = actor?.Name ?? "ukjent",
            Relation = relation,
            Action = action,
            Purpose = purpose,
            Outcome = allowed ? "granted" : "refused",
            System = "digihelsestasjon",
        });
}
