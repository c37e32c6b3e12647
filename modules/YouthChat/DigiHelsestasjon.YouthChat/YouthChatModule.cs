using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.YouthChat.Features;
using DigiHelsestasjon.YouthChat.Features.Conversations;
using DigiHelsestasjon.YouthChat.Features.GetChatFigures;
using DigiHelsestasjon.YouthChat.Features.Retention;
using DigiHelsestasjon.YouthChat.Persistence;
using DigiHelsestasjon.YouthChat.RealTime;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigiHelsestasjon.YouthChat;

/// <summary>Youth anonymous chat: a young person talks to the school nurse or HFU without logging in, in real time across
/// host instances, and may move to an identified message thread. Stores nothing that says who the youth is, and deletes
/// transcripts after the municipality's retention time.</summary>
public sealed class YouthChatModule : IModule
{
    public string Name => "YouthChat";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddOptions<YouthChatOptions>().Bind(context.Section(this))
            .Validate(o => o.MaxMessageLength > 0 && o.MaxQueueLength > 0 && o.MaxConcurrentStreamReads > 0 && o.MessagesPerToken > 0 && o.ConversationsPerUnit > 0, "Modules:YouthChat: lengths and limits must be positive.")
            .Validate(o => o.SignalPollInterval > TimeSpan.Zero && o.IdleTimeout > TimeSpan.Zero && o.QueuedAbsentTimeout > TimeSpan.Zero && o.ReserveRefill > TimeSpan.Zero && o.KeepAlive > TimeSpan.Zero && o.MessageRefill > TimeSpan.Zero && o.ConversationRefill > TimeSpan.Zero, "Modules:YouthChat: times must be positive.")
            .ValidateOnStart();
        services.AddModuleDbContext<YouthChatDbContext>(context.Database, YouthChatDbContext.SchemaName);
        services.AddScoped<ChatLog>();
        services.AddSingleton<ChatSignals>();
        services.AddSingleton<ChatFanOut>();
        services.AddSingleton<ChatStream>();
        services.AddSingleton<ChatRateLimits>();
        switch (ChatFanOut.ModeFor(context.Database.Provider, context.Section(this)[nameof(YouthChatOptions.FanOut)]))
        {
            case ChatFanOutMode.Notify:
                services.AddSingleton<IHostedService, PostgresChatListener>();
                break;
            case ChatFanOutMode.Table:
                services.AddSingleton<IHostedService, TableChatListener>();
                break;
        }

        services.AddScoped<BuildingBlocks.Figures.IMunicipalityFigures, ChatFigures>();
        services.Configure<WorkQueueOptions>(RetentionQueue.QueueName, o => (o.BatchSize, o.PollInterval) = (100, TimeSpan.FromSeconds(30)));
        services.AddWorkQueue<RetentionQueue>(context.Configuration, RetentionQueue.QueueName, formerSection: "Modules:YouthChat:Retention");
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => YouthChatEndpoints.Map(endpoints);
}
