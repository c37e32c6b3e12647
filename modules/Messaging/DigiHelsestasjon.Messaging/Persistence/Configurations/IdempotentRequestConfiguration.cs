using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Messaging.Persistence.Configurations;

using DigiHelsestasjon.Messaging.Persistence.Entities;

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> builder)
    {
        builder.ToTable("idempotent_requests");
        builder.HasKey(x => new { x.ActorPersonId, x.Key });
        builder.Property(x => x.Key).HasMaxLength(100);
        builder.Property(x => x.Operation).HasMaxLength(20);
        builder.Property(x => x.RequestHash).HasMaxLength(64);
    }
}
