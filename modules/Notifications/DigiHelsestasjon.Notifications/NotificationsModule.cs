using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.GetNoticeFigures;
using DigiHelsestasjon.Notifications.Features.Planning;
using DigiHelsestasjon.Notifications.Features.Preferences;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Notifications.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.Notifications;

/// <summary>Notifications: reminders before appointments and notices of messages, decisions and changes, by SMS or
/// e-mail, to whoever Identity says may know, saying only that there is something to see. The host plugs in the
/// contact register (KRR) and the SMS gateway (<see cref="IContactRegister"/>, <see cref="ISmsGateway"/>).</summary>
public sealed class NotificationsModule : IModule
{
    public string Name => "Notifications";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<NotificationsDbContext>(context.Database, NotificationsDbContext.SchemaName);
        services.AddOptions<NotificationsOptions>().Bind(context.Configuration.GetSection("Notifications"))
            .Validate(o => o.DefaultChannel is "sms" or "email", "Notifications:DefaultChannel is sms or email.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(context.Configuration.GetSection("Notifications:Smtp"));
        services.AddScoped<NoticePlanner>();
        services.AddSingleton<EmailSender>();
        // The fallbacks give way to an adapter the host registered first (the demo's simulators), as HealthRecords' does.
        var krr = context.Configuration.GetSection("Notifications:Krr");
        services.AddOptions<ContactRegisterOptions>().Bind(krr);
        if (string.IsNullOrWhiteSpace(krr["BaseUrl"]))
        {
            services.TryAddSingleton<IContactRegister, UnconfiguredContactRegister>();
        }
        else
        {
            services.AddHttpClient<IContactRegister, HttpContactRegister>(HttpContactRegister.ClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ContactRegisterOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                http.Timeout = options.Timeout;
            });
        }

        var sms = context.Configuration.GetSection("Notifications:Sms");
        services.AddOptions<SmsGatewayOptions>().Bind(sms);
        if (string.IsNullOrWhiteSpace(sms["BaseUrl"]))
        {
            services.TryAddSingleton<ISmsGateway, UnconfiguredSmsGateway>();
        }
        else
        {
            services.AddHttpClient<ISmsGateway, HttpSmsGateway>(HttpSmsGateway.ClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SmsGatewayOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                http.Timeout = options.Timeout;
                if (options.ApiKey.Length > 0)
                {
                    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.ApiKey);
                }
            });
        }
        services.AddScoped<BuildingBlocks.Figures.IMunicipalityFigures, NoticeFigures>();

        // A gateway or relay that is down is retried for a while; a notice is worth little after a day.
        services.Configure<WorkQueueOptions>(NoticeQueue.QueueName, o => (o.MaxAttempts, o.RetryBaseDelay, o.BatchSize) = (8, TimeSpan.FromSeconds(30), 100));
        services.AddWorkQueue<NoticeQueue>(context.Configuration, NoticeQueue.QueueName, formerSection: "Notifications:Delivery");
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Switching reminders off is a choice about one's health care: an ID-porten login, never Feide alone.
        var me = endpoints.MapGroup("/api/v1/me").WithTags("Notifications").RequireAuthorization(PlatformPolicies.Citizen)
            .RequireAssurance(AssuranceLevels.High, AssuranceLevels.Substantial);
        PreferencesEndpoints.Map(me);
        DeliveryReportEndpoint.Map(endpoints);
    }
}
