using DigiHelsestasjon.Host;
using DigiHelsestasjon.Host.Infrastructure;

var (command, hostArgs) = HostCommands.Split(args);

var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddPlatform(ModuleRegistry.All, command);

var app = builder.Build();
app.UsePlatform();

return await HostCommands.RunAsync(app, command);

/// <summary>The host's entry point; public so the test host can start it.</summary>
public partial class Program;
