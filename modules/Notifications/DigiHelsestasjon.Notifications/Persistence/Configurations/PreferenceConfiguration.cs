using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Notifications.Persistence.Configurations;

using DigiHelsestasjon.Notifications.Persistence.Entities;

internal sealed class PreferenceConfiguration : IEntityTypeConfiguration<Preference>
{
    public void Configure(EntityTypeBuilder<Preference> builder)
    {
        builder.ToTable("preferences");
        builder.HasKey(x => x.PersonId);
        builder.Property(x => x.Channel).HasMaxLength(8);
        builder.Property(x => x.Language).HasMaxLength(2);
    }
}
