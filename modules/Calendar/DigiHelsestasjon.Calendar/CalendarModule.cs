using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.AppointmentInformation;
using DigiHelsestasjon.Calendar.Features.Appointments;
using DigiHelsestasjon.Calendar.Features.GetBenefitFigures;
using DigiHelsestasjon.Calendar.Features.SelfBooking;
using DigiHelsestasjon.Calendar.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Calendar;

/// <summary>Calendar: appointments kept in step with the EPJ, seen and cancelled by citizens within the
/// representation rules of Identity and the policies of Directory.</summary>
public sealed class CalendarModule : IModule
{
    public string Name => "Calendar";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<CalendarDbContext>(context.Database, CalendarDbContext.SchemaName);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddScoped<AppointmentInformationCatalog>();
        services.AddScoped<AppointmentViews>();
        services.AddScoped<Features.BookingPlaces.BookingPlaceFinder>();
        services.AddScoped<BuildingBlocks.Figures.IMunicipalityFigures, AppointmentFigures>();

        // Bookings are taken up again rarely (only after a request stopped half way): a slow poll is enough.
        services.Configure<WorkQueueOptions>(BookingResumeQueue.QueueName, o => (o.BatchSize, o.PollInterval) = (50, TimeSpan.FromSeconds(30)));
        services.AddWorkQueue<BookingResumeQueue>(context.Configuration, BookingResumeQueue.QueueName, formerSection: "Modules:Calendar:BookingResume");
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => CalendarEndpoints.Map(endpoints);
}
