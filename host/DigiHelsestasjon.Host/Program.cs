using DigiHelsestasjon.Host;
using DigiHelsestasjon.Host.Infrastructure;

var (command, commandArgs, hostArgs) = HostCommands.Split(args);

var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddPlatform(ModuleRegistry.All, command);

var app = builder.Build();
if (command == HostCommand.Run)
{
    app.BeginStartupWork();
}

app.UsePlatform();

return await HostCommands.RunAsync(app, command, commandArgs);

/// <summary>The host's entry point; public so the test host can start it.</summary>
public partial class Program;
