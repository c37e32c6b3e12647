using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Persistence;

using DigiHelsestasjon.Identity.Persistence.Configurations;
using DigiHelsestasjon.Identity.Persistence.Entities;

/// <remarks>It also holds the host's data-protection key ring (<see cref="DataProtectionKeys"/>): every instance on one database
/// shares it, so a login cookie made by one opens on another.</remarks>
[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : ModuleDbContext(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public const string SchemaName = "identity";

    public override string Schema => SchemaName;

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<PowerOfAttorney> PowersOfAttorney => Set<PowerOfAttorney>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<EndedWebSession> EndedWebSessions => Set<EndedWebSession>();

    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>The data-protection key store saves a new key by itself, with nothing else changed.</summary>
    protected override bool SavesOnItsOwn() =>
        ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).All(e => e.Entity is Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey);

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new PersonConfiguration());
        modelBuilder.ApplyConfiguration(new PowerOfAttorneyConfiguration());
        modelBuilder.ApplyConfiguration(new AccessLogEntryConfiguration());
        modelBuilder.ApplyConfiguration(new EndedWebSessionConfiguration());
        modelBuilder.ApplyConfiguration(new DataProtectionKeyConfiguration());
    }
}
