using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.ModuleName.Persistence.Configurations;

using DigiHelsestasjon.ModuleName.Persistence.Entities;

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> builder)
    {
        builder.ToTable("notes");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Text).HasMaxLength(2000);
        builder.HasIndex(x => new { x.Kommunenummer, x.CreatedAt });
    }
}
