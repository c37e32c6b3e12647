using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class NurseOnDutyConfiguration : IEntityTypeConfiguration<NurseOnDuty>
{
    public void Configure(EntityTypeBuilder<NurseOnDuty> builder)
    {
        builder.ToTable("nurses_on_duty");
        builder.HasKey(x => new { x.NurseId, x.UnitId });
        builder.Property(x => x.NurseId).HasMaxLength(100);
    }
}
