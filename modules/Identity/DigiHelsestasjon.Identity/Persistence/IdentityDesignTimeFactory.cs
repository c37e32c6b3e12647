using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Identity.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class IdentityDesignTimeFactory() : ModuleDesignTimeFactory<IdentityDbContext>(IdentityDbContext.SchemaName);
