using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Simulators.Channels;
using DigiHelsestasjon.Simulators.Krr;
using MediatR;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The KRR, SMS gateway and SMTP simulators, plugged into Notifications' ports: the SMTP server listens on a real
/// port (<c>Simulators:Smtp:Port</c>, 0 = any free port) and the platform's real SMTP client is pointed at it unless
/// <c>Notifications:Smtp:Host</c> names a relay; the gateway's delivery reports go to Notifications in-process.</summary>
internal static class NotificationSimulatorWiring
{
    public static IServiceCollection AddNotificationSimulators(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ContactRegister>();
        services.AddSingleton<IContactRegister, SimulatedContactRegister>();
        services.AddSingleton(sp => new SmsGatewaySimulator(sp.GetRequiredService<TimeProvider>())
        {
            ReportTo = async report =>
            {
                await using var scope = sp.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordSmsDeliveryReport(report.GatewayId, report.Status));
            },
        });
        if (string.IsNullOrWhiteSpace(configuration["Notifications:Sms:BaseUrl"]))
        {
            // A configured gateway (Notifications:Sms:BaseUrl) wins, even beside the simulators.
            services.AddSingleton<ISmsGateway, SimulatedSmsGateway>();
        }

        services.AddSingleton<IBackgroundActivity, SmsReportActivity>();
        services.AddSingleton(sp => new SmtpServerSimulator(sp.GetRequiredService<TimeProvider>(), configuration.GetValue("Simulators:Smtp:Port", 0)));
        services.AddOptions<SmtpOptions>().PostConfigure<IServiceProvider>((options, sp) =>
        {
            if (string.IsNullOrWhiteSpace(configuration["Notifications:Smtp:Host"]))
            {
                (options.Host, options.Port, options.EnableSsl) = ("127.0.0.1", sp.GetRequiredService<SmtpServerSimulator>().Port, false);
            }
        });
        return services;
    }

    public static void MapNotificationSimulators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapKrrSimulator(endpoints.ServiceProvider.GetRequiredService<ContactRegister>());
        endpoints.MapChannelSimulators(endpoints.ServiceProvider.GetRequiredService<SmsGatewaySimulator>(), endpoints.ServiceProvider.GetRequiredService<SmtpServerSimulator>());
    }
}

internal sealed class SimulatedContactRegister(ContactRegister register) : IContactRegister
{
    public Task<ContactDetails?> FindAsync(string pid, CancellationToken cancellationToken) =>
        Task.FromResult(register.Find(pid) is { } contact ? new ContactDetails(contact.Phone, contact.Email, contact.Reserved) : null);
}

internal sealed class SimulatedSmsGateway(SmsGatewaySimulator gateway) : ISmsGateway
{
    public async Task<SmsGatewayAnswer> SendAsync(string idempotencyKey, string phone, string text, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await gateway.SendAsync(idempotencyKey, phone, text, cancellationToken);
            return new SmsGatewayAnswer(answer.Accepted, answer.GatewayId, answer.Error);
        }
        catch (SmsGatewayUnavailableException exception)
        {
            throw new NoticeChannelUnavailableException(exception.Message, exception);
        }
    }
}

/// <summary>The gateway's delivery reports on their way: the tests' harness waits for them.</summary>
internal sealed class SmsReportActivity(SmsGatewaySimulator gateway) : IBackgroundActivity
{
    public string Name => "simulated SMS gateway";

    public long Started => gateway.ReportsStarted;

    public bool IsIdle => gateway.IsIdle;
}
