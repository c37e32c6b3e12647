using DigiHelsestasjon.Host;
using DigiHelsestasjon.Host.Commands;
using DigiHelsestasjon.Host.Infrastructure;

return await HostCommandLine.InvokeAsync(args, (command, hostArgs) =>
{
    var builder = WebApplication.CreateBuilder(hostArgs);
    builder.AddPlatform(ModuleRegistry.All, command);

    var app = builder.Build();
    if (command == HostCommand.Run)
    {
        app.BeginStartupWork();
    }

    app.UsePlatform();
    return app;
});

/// <summary>The host's entry point; public so the test host can start it.</summary>
public partial class Program;
