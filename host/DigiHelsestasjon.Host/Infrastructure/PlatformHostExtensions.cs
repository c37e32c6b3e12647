using DigiHelsestasjon.BuildingBlocks.Figures;
using DigiHelsestasjon.Host.Commands;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using System.Text.Json;
using System.Text.Json.Serialization;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.Host.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace DigiHelsestasjon.Host.Infrastructure;

internal static class PlatformHostExtensions
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder, IEnumerable<IModule> registry, HostCommand command)
    {
        if (command != HostCommand.Run)
        {
            // Operator commands do their work and exit: no background processing.
            builder.Configuration["WorkQueues:Enabled"] = "false";
            builder.Configuration["Telemetry:QueueSampleInterval"] = "00:00:00";

            // Standard output carries the command's answer only (a script reads it); the log goes to standard error.
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsMapping.AddTraceId);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // A parameter that cannot be bound reaches ProblemDetailsMapping.BadRequest in every environment,
        // which names the field (the framework's own answer says nothing outside Development, and too much in it).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddPlatformOpenApi();

        builder.Services.AddPlatformModules(builder.Configuration, registry);
        builder.Services.AddPlatformAuthentication(builder.Configuration, builder.Environment);
        builder.Services.AddPlatformTelemetry(builder.Configuration);
        builder.Services.AddPlatformRateLimiting(builder.Configuration);
        builder.Services.AddWebClient(builder.Configuration);
        builder.Services.AddSingleton<StartupMigration>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartupMigration>());
        // A readiness probe answers within seconds even when the database does not: the check has its own time limit.
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>Migrations and start-up tasks begin now, beside the rest of start-up (the host still waits for them).</summary>
    public static WebApplication BeginStartupWork(this WebApplication app)
    {
        app.Services.GetRequiredService<StartupMigration>().Begin();
        return app;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var pages = app.Configuration.GetValue("Web:Enabled", true) && app.UseWebClientFiles();

        // The API's map is for developers: served in Development and Testing, elsewhere only when OpenApi:Enabled.
        if (app.Configuration.GetValue("OpenApi:Enabled", HostSafety.IsDevelopmentOrTesting(app.Environment)))
        {
            app.UseSwagger();
            app.UseSwaggerUI();
            if (!pages)
            {
                app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
            }
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        app.UseWebSession();
        app.UseAuthentication();
        app.UsePlatformRateLimiting();
        app.UseAuthorization();

        app.MapPlatformModules();

        // The platform's own routes outside the modules take text too: the same free-text rule (FreeTextRule).
        var platform = app.MapGroup("").WithFreeTextRule();
        platform.MapWorkQueues();
        platform.MapMunicipalityFigures();
        app.MapPlatformMetrics();
        app.MapWebSessionEndpoints();
        return app;
    }
}
