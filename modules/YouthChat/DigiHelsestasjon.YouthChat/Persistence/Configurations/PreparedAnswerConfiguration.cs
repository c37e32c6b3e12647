using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class PreparedAnswerConfiguration : IEntityTypeConfiguration<PreparedAnswer>
{
    public void Configure(EntityTypeBuilder<PreparedAnswer> builder)
    {
        builder.ToTable("prepared_answers");
        builder.Property(x => x.Title).HasMaxLength(100);
        builder.Property(x => x.Text).HasMaxLength(2000);
        builder.HasIndex(x => x.UnitId);
    }
}
