using System.Collections.Concurrent;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>A module with only an outbox, and one in-process consumer that counts.</summary>
public sealed class BenchModule : IModule
{
    public string Name => "Bench";

    public void AddServices(IServiceCollection services, ModuleContext context) =>
        services.AddModuleDbContext<BenchDbContext>(context.Database, BenchDbContext.SchemaName);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "bench";

    public override string Schema => SchemaName;

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
    }
}

/// <summary>How <c>dotnet ef</c> builds the bench context (scripts/add-migration.sh tests/DigiHelsestasjon.Benchmarks Name Migrations).</summary>
public sealed class BenchDesignTimeFactory() : ModuleDesignTimeFactory<BenchDbContext>(BenchDbContext.SchemaName);

public sealed record Pinged(int Sequence) : IntegrationEvent;

public sealed class Handled
{
    public long Count;

    public ConcurrentQueue<double> LatenciesMs { get; } = new();
}

internal sealed class CountPings(Handled handled, TimeProvider time) : INotificationHandler<Pinged>
{
    public Task Handle(Pinged notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref handled.Count);
        // The first thousand events warm up JIT and connection pools; they are not measured.
        if (notification.Sequence >= 1_000)
        {
            handled.LatenciesMs.Enqueue((time.GetUtcNow() - notification.OccurredAt).TotalMilliseconds);
        }
        return Task.CompletedTask;
    }
}
