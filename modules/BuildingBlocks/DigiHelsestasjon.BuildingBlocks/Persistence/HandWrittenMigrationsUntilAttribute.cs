namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>On a module's context whose migrations were written by hand before EF's tooling generated them (ADR 0005):
/// the id of the last hand-written one. A database whose history ends there already has the tables the generated
/// baseline creates, so the baseline is recorded as applied instead of run (<see cref="DatabaseMigrator"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HandWrittenMigrationsUntilAttribute(string lastId) : Attribute
{
    public string LastId { get; } = lastId;
}
