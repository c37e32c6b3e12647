using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.HealthRecords.Features;
using DigiHelsestasjon.HealthRecords.Features.Sources;
using DigiHelsestasjon.HealthRecords.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DigiHelsestasjon.HealthRecords;

/// <summary>HealthRecords: a person's vaccinations (the journals and SYSVAK, merged) and test results (the journals), read when
/// asked, shown within the representation rules, and a notice when a new test result is ready.</summary>
public sealed class HealthRecordsModule : IModule
{
    public string Name => "HealthRecords";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<HealthRecordsDbContext>(context.Database, HealthRecordsDbContext.SchemaName);
        services.AddMemoryCache();
        services.AddScoped<HealthRecordSources>();
        if (context.Configuration["HealthRecords:Sysvak:BaseUrl"] is { Length: > 0 } sysvak)
        {
            services.AddHttpClient(HttpVaccinationRegister.ClientName, http => http.BaseAddress = new Uri(sysvak.EndsWith('/') ? sysvak : sysvak + "/"));
            services.AddSingleton<IVaccinationRegister, HttpVaccinationRegister>();
        }
        else
        {
            // The simulators' host registers the SYSVAK simulator here; a server without either shows the journals' doses only.
            services.TryAddSingleton<IVaccinationRegister, NoVaccinationRegister>();
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => HealthRecordsEndpoints.Map(endpoints);
}
