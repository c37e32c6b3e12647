using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Messaging.Attachments;
using DigiHelsestasjon.Messaging.Features;
using DigiHelsestasjon.Messaging.Features.GetMessagingFigures;
using DigiHelsestasjon.Messaging.Features.Threads;
using DigiHelsestasjon.Messaging.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.Messaging;

/// <summary>Messaging: threads between a person and a unit, every citizen message journaled in the unit's EPJ with its true
/// delivery state, visible within the representation rules of Identity.</summary>
public sealed class MessagingModule : IModule
{
    private MessagingOptions options = new();

    public string Name => "Messaging";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var section = context.Section(this);
        options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddOptions<MessagingOptions>().Bind(section)
            .Validate(o => o.MaxBodyLength > 0 && o.MaxSubjectLength > 0 && o.MaxAttachmentBytes > 0, "Modules:Messaging: MaxBodyLength, MaxSubjectLength and MaxAttachmentBytes must be positive.")
            .Validate(o => o.AttachmentStore is "" or "files" or "database", "Modules:Messaging:AttachmentStore is 'files', 'database' or empty (files on SQLite, database on PostgreSQL).")
            .ValidateOnStart();
        services.AddModuleDbContext<MessagingDbContext>(context.Database, MessagingDbContext.SchemaName);
        services.AddScoped<Idempotency>();
        services.AddScoped<ThreadViews>();
        services.AddScoped<BuildingBlocks.Figures.IMunicipalityFigures, MessageFigures>();

        var store = options.AttachmentStore is { Length: > 0 } chosen ? chosen : context.Database.Provider == DatabaseProvider.Sqlite ? "files" : "database";
        if (store == "files")
        {
            var folder = FileAttachmentStore.DefaultFolder(options.AttachmentFolder, context.Database);
            services.AddSingleton<IAttachmentStore>(new FileAttachmentStore(folder));
        }
        else
        {
            services.AddScoped<IAttachmentStore, DatabaseAttachmentStore>();
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => MessagingEndpoints.Map(endpoints, options);
}
