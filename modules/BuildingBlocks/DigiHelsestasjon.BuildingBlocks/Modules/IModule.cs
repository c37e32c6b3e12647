using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Modules;

/// <summary>One module of the monolith: what it registers (AddX) and what it maps (MapX).
/// The host lists modules in its registry; <c>Modules:&lt;Name&gt;:Enabled</c> switches one off.</summary>
public interface IModule
{
    /// <summary>The module's name, also its configuration key and (lower-case) its schema.</summary>
    string Name { get; }

    void AddServices(IServiceCollection services, ModuleContext context);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}

/// <summary>What a module may read while it registers itself.</summary>
public sealed record ModuleContext(IConfiguration Configuration, DatabaseSettings Database)
{
    /// <summary>The module's own section, <c>Modules:&lt;Name&gt;</c>.</summary>
    public IConfigurationSection Section(IModule module) => Configuration.GetSection($"Modules:{module.Name}");
}

/// <summary>The modules that are switched on in this process.</summary>
public sealed class EnabledModules(IReadOnlyList<IModule> modules)
{
    public IReadOnlyList<IModule> All { get; } = modules;

    public bool IsEnabled(string name) => All.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
