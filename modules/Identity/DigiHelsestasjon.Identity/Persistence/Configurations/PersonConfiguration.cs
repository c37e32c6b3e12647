using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Identity.Persistence.Configurations;

using DigiHelsestasjon.Identity.Persistence.Entities;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons");
        builder.Property(p => p.Pid).HasMaxLength(11);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasIndex(p => p.Pid).IsUnique();
    }
}
