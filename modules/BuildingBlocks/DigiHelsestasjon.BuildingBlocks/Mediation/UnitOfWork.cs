using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>The module DbContexts resolved in this scope. Each context enlists itself when the
/// scope creates it, so the unit of work saves exactly the contexts a handler touched.</summary>
public sealed class UnitOfWork
{
    private readonly List<ModuleDbContext> contexts = [];

    internal void Enlist(ModuleDbContext context) => contexts.Add(context);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var context in contexts)
        {
            if (context.ChangeTracker.HasChanges())
            {
                await context.SaveChangesAsync(cancellationToken);
            }
        }
    }
}
