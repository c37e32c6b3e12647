using System.Reflection;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

public static class MediationServiceCollectionExtensions
{
    /// <summary>MediatR 5.1.0 has no DI package: register its service factory, the mediator,
    /// the pipeline behaviours, and scan handlers (internal ones too) in the given assemblies.</summary>
    public static IServiceCollection AddMediation(this IServiceCollection services, IEnumerable<Assembly> assemblies)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped<UnitOfWork>();

        // Order matters: logging wraps validation wraps the unit of work wraps the handler.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehavior<,>));

        services.Scan(scan => scan
            .FromAssemblies(assemblies.Distinct())
            .AddClasses(c => c.AssignableToAny(typeof(IRequestHandler<,>), typeof(INotificationHandler<>), typeof(IValidator<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime());
        return services;
    }
}
