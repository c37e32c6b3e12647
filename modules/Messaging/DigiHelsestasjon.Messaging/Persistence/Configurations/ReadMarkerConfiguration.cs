using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Messaging.Persistence.Configurations;

using DigiHelsestasjon.Messaging.Persistence.Entities;

internal sealed class ReadMarkerConfiguration : IEntityTypeConfiguration<ReadMarker>
{
    public void Configure(EntityTypeBuilder<ReadMarker> builder)
    {
        builder.ToTable("read_markers");
        builder.HasKey(x => new { x.ThreadId, x.ReaderPersonId });
    }
}
