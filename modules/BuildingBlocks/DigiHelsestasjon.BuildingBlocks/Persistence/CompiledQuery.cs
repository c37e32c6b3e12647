using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>An EF compiled query (<c>EF.CompileAsyncQuery</c>) for hot reads. EF ties a compiled query to one
/// model; a host has one model per context, but the tests run SQLite and PostgreSQL in one process,
/// so the query is compiled once per model.</summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : Delegate
{
    private readonly ConcurrentDictionary<IModel, TDelegate> byModel = new();

    public TDelegate For(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return byModel.GetOrAdd(context.Model, _ => compile());
    }
}
