using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Identity.Features;
using DigiHelsestasjon.Identity.Features.AuthorizeSubjectAccess;
using DigiHelsestasjon.Identity.Features.Representations;
using DigiHelsestasjon.Identity.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.Identity;

/// <summary>Identity &amp; Representation: persons, whom they may act for, powers of attorney, the access log.
/// Needs an <see cref="IPopulationRegister"/>: over HTTP when <c>Identity:PopulationRegister:BaseUrl</c> is set, else from the
/// host (the demo's simulator in-process).</summary>
public sealed class IdentityModule : IModule
{
    public string Name => "Identity";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<IdentityDbContext>(context.Database, IdentityDbContext.SchemaName);

        // The key ring in the database, not a folder on one machine: a login made through one instance opens on another.
        services.AddDataProtection().PersistKeysToDbContext<IdentityDbContext>();
        services.AddMemoryCache();
        services.AddScoped<Representations>();
        var register = context.Configuration.GetSection("Identity:PopulationRegister");
        services.AddOptions<PopulationRegisterOptions>().Bind(register);
        if (!string.IsNullOrWhiteSpace(register["BaseUrl"]))
        {
            services.AddHttpClient<IPopulationRegister, HttpPopulationRegister>(HttpPopulationRegister.ClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<PopulationRegisterOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                http.Timeout = options.Timeout;
            });
        }

        services.AddSingleton<Features.GetCapabilities.LoginAreas>();
        services.AddScoped<BuildingBlocks.Security.ISubjectAccessGate, Features.AuthorizeSubjectAccess.SubjectAccessGate>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => IdentityEndpoints.Map(endpoints);
}
