using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Messaging.Persistence;

using DigiHelsestasjon.Messaging.Persistence.Configurations;
using DigiHelsestasjon.Messaging.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class MessagingDbContext(DbContextOptions<MessagingDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "messaging";

    public override string Schema => SchemaName;

    public DbSet<MessageThread> Threads => Set<MessageThread>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    public DbSet<ReadMarker> ReadMarkers => Set<ReadMarker>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new MessageThreadConfiguration());
        modelBuilder.ApplyConfiguration(new MessageConfiguration());
        modelBuilder.ApplyConfiguration(new AttachmentConfiguration());
        modelBuilder.ApplyConfiguration(new AttachmentContentConfiguration());
        modelBuilder.ApplyConfiguration(new ReadMarkerConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotentRequestConfiguration());
    }
}
