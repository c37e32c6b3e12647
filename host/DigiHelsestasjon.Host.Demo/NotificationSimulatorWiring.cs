using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.Sending;
using DigiHelsestasjon.Simulators.Channels;
using DigiHelsestasjon.Simulators.Krr;
using MediatR;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The KRR, SMS gateway and SMTP simulators, plugged into Notifications' ports: the SMTP server listens on a real
/// port (<c>Simulators:Smtp:Port</c>, 0 = any free port) and the platform's real SMTP client is pointed at it; the gateway's
/// delivery reports go to Notifications in-process. <c>Notifications:Krr:BaseUrl</c> leaves out the KRR simulator;
/// <c>Notifications:Sms:BaseUrl</c> the gateway, <c>Notifications:Smtp:Host</c> the SMTP server (the simulators host has them).</summary>
internal static class NotificationSimulatorWiring
{
    public static IServiceCollection AddNotificationSimulators(this IServiceCollection services, IConfiguration configuration)
    {
        // A configured address (the simulators host's, or a real register, gateway or relay) wins: no simulator here then.
        if (!DemoExtensions.Remote(configuration, "Notifications:Krr:BaseUrl"))
        {
            services.AddSingleton<ContactRegister>();
            services.AddSingleton<IContactRegister, SimulatedContactRegister>();
        }

        if (!DemoExtensions.Remote(configuration, "Notifications:Sms:BaseUrl"))
        {
            services.AddSingleton(sp => new SmsGatewaySimulator(sp.GetRequiredService<TimeProvider>())
            {
                ReportTo = async report =>
                {
                    await using var scope = sp.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordSmsDeliveryReport(report.GatewayId, report.Status));
                },
            });
            services.AddSingleton<ISmsGateway, SimulatedSmsGateway>();
            services.AddSingleton<IBackgroundActivity, SmsReportActivity>();
        }

        if (!DemoExtensions.Remote(configuration, "Notifications:Smtp:Host"))
        {
            services.AddSingleton(sp => new SmtpServerSimulator(sp.GetRequiredService<TimeProvider>(), configuration.GetValue("Simulators:Smtp:Port", 0)));
            services.AddOptions<SmtpOptions>().PostConfigure<IServiceProvider>((options, sp) =>
                (options.Host, options.Port, options.EnableSsl) = ("127.0.0.1", sp.GetRequiredService<SmtpServerSimulator>().Port, false));
        }

        return services;
    }

    public static void MapNotificationSimulators(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        if (services.GetService<ContactRegister>() is { } contacts)
        {
            endpoints.MapKrrSimulator(contacts);
        }

        // Their control API is one surface: served here when both run here.
        if (services.GetService<SmsGatewaySimulator>() is { } sms && services.GetService<SmtpServerSimulator>() is { } smtp)
        {
            endpoints.MapChannelSimulators(sms, smtp);
        }
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
