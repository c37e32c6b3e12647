using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Calendar.Persistence;

using DigiHelsestasjon.Calendar.Persistence.Configurations;
using DigiHelsestasjon.Calendar.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class CalendarDbContext(DbContextOptions<CalendarDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "calendar";

    public override string Schema => SchemaName;

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<CalendarFeed> Feeds => Set<CalendarFeed>();

    public DbSet<InformationText> InformationTexts => Set<InformationText>();

    public DbSet<SelfBookingKind> SelfBookingKinds => Set<SelfBookingKind>();

    public DbSet<Booking> Bookings => Set<Booking>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AppointmentConfiguration());
        modelBuilder.ApplyConfiguration(new CalendarFeedConfiguration());
        modelBuilder.ApplyConfiguration(new InformationTextConfiguration());
        modelBuilder.ApplyConfiguration(new SelfBookingKindConfiguration());
        modelBuilder.ApplyConfiguration(new BookingConfiguration());
    }
}
