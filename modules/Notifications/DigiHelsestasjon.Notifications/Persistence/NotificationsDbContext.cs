using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Notifications.Persistence;

using DigiHelsestasjon.Notifications.Persistence.Configurations;
using DigiHelsestasjon.Notifications.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "notifications";

    public override string Schema => SchemaName;

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Preference> Preferences => Set<Preference>();

    public DbSet<PlannedAppointment> Appointments => Set<PlannedAppointment>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new NoticeConfiguration());
        modelBuilder.ApplyConfiguration(new PreferenceConfiguration());
        modelBuilder.ApplyConfiguration(new PlannedAppointmentConfiguration());
    }
}
