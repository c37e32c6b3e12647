using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Persistence;

/// <summary>The only place a fødselsnummer is stored; other modules hold the opaque <see cref="Id"/>.</summary>
internal sealed class Person
{
    public Guid Id { get; set; }

    public string Pid { get; set; } = "";

    public string Name { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    public bool ProtectedAddress { get; set; }

    public DateTime RefreshedAt { get; set; }
}

internal sealed class PowerOfAttorney
{
    public Guid Id { get; set; }

    public Guid GiverId { get; set; }

    public Guid ReceiverId { get; set; }

    /// <summary>Space-separated permissions.</summary>
    public string Scopes { get; set; } = "";

    public DateTime GrantedAt { get; set; }

    public DateTime? ValidTo { get; set; }

    public DateTime? EndedAt { get; set; }

    public Guid? EndedBy { get; set; }

    public bool InForce(DateTime now) => EndedAt is null && (ValidTo is null || ValidTo > now);
}

/// <summary>One access to a person's data by someone else, or a refused attempt (pasientjournalloven § 22).</summary>
internal sealed class AccessLogEntry
{
    public Guid Id { get; set; }

    public DateTime Time { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    public string Relation { get; set; } = "";

    public string Action { get; set; } = "";

    public string Purpose { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string System { get; set; } = "";
}

/// <summary>A web session ended by a logout (<see cref="Features.WebSessionHandlers"/>): its random id, never a token.</summary>
internal sealed class EndedWebSession
{
    public string Id { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}

/// <remarks>It also holds the host's data-protection key ring (<see cref="DataProtectionKeys"/>): every instance on one database
/// shares it, so a login cookie made by one opens on another.</remarks>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : ModuleDbContext(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public const string SchemaName = "identity";

    public override string Schema => SchemaName;

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<PowerOfAttorney> PowersOfAttorney => Set<PowerOfAttorney>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<EndedWebSession> EndedWebSessions => Set<EndedWebSession>();

    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("persons");
            person.Property(p => p.Pid).HasMaxLength(11);
            person.Property(p => p.Name).HasMaxLength(200);
            person.HasIndex(p => p.Pid).IsUnique();
        });
        modelBuilder.Entity<PowerOfAttorney>(fullmakt =>
        {
            fullmakt.ToTable("powers_of_attorney");
            fullmakt.Property(f => f.Scopes).HasMaxLength(500);
            fullmakt.HasIndex(f => f.GiverId);
            fullmakt.HasIndex(f => f.ReceiverId);
        });
        modelBuilder.Entity<AccessLogEntry>(entry =>
        {
            entry.ToTable("access_log");
            entry.Property(e => e.ActorName).HasMaxLength(200);
            entry.Property(e => e.Relation).HasMaxLength(32);
            entry.Property(e => e.Action).HasMaxLength(100);
            entry.Property(e => e.Purpose).HasMaxLength(200);
            entry.Property(e => e.Outcome).HasMaxLength(16);
            entry.Property(e => e.System).HasMaxLength(64);
            entry.HasIndex(e => new { e.SubjectId, e.Time });
        });
        modelBuilder.Entity<EndedWebSession>(session =>
        {
            session.ToTable("ended_web_sessions");
            session.Property(s => s.Id).HasMaxLength(64);
            session.HasIndex(s => s.ExpiresAt);
        });
        modelBuilder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>(key => key.ToTable("data_protection_keys"));
    }
}
