using DigiHelsestasjon.Host;
using DigiHelsestasjon.Host.Commands;
using DigiHelsestasjon.Host.Demo;
using DigiHelsestasjon.Host.Infrastructure;

return await HostCommandLine.InvokeAsync(args, (command, hostArgs) =>
{
    var builder = WebApplication.CreateBuilder(hostArgs);
    HostSafety.RefuseUnsafeProductionSettings(builder.Configuration, builder.Environment);

    // The demo before the platform: the platform reads the settings the demo fills in (its simulated issuers).
    var demo = DemoSwitch.IsOn(builder.Configuration, builder.Environment);
    if (demo)
    {
        builder.AddDemo();
    }

    builder.AddPlatform(ModuleRegistry.All, command);

    var app = builder.Build();
    if (command == HostCommand.Run)
    {
        app.BeginStartupWork();
    }

    app.UsePlatform();
    if (demo)
    {
        app.MapDemo();
    }

    return app;
});

/// <summary>The host's entry point; public so the test host can start it.</summary>
public partial class Program;
