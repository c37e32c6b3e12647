using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.YouthChat.Persistence;

using DigiHelsestasjon.YouthChat.Persistence.Configurations;
using DigiHelsestasjon.YouthChat.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class YouthChatDbContext(DbContextOptions<YouthChatDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "youthchat";

    public override string Schema => SchemaName;

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ChatEvent> Events => Set<ChatEvent>();

    public DbSet<PreparedAnswer> PreparedAnswers => Set<PreparedAnswer>();

    public DbSet<NurseOnDuty> NursesOnDuty => Set<NurseOnDuty>();

    public DbSet<BlockedToken> BlockedTokens => Set<BlockedToken>();

    public DbSet<ConversationCount> Counts => Set<ConversationCount>();

    public DbSet<ChatSignal> Signals => Set<ChatSignal>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ConversationConfiguration());
        modelBuilder.ApplyConfiguration(new ChatEventConfiguration());
        modelBuilder.ApplyConfiguration(new PreparedAnswerConfiguration());
        modelBuilder.ApplyConfiguration(new NurseOnDutyConfiguration());
        modelBuilder.ApplyConfiguration(new BlockedTokenConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationCountConfiguration());
        modelBuilder.ApplyConfiguration(new ChatSignalConfiguration());
    }
}
