using System.Diagnostics;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using MediatR;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>Logs the request's type and duration only: requests may carry personal data.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).Name;
        using var activity = MediationTelemetry.Source.StartActivity(name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogDebug("Handled {Request} in {ElapsedMs} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is not ValidationException and not PlatformProblemException)
        {
            logger.LogError(ex, "Request {Request} failed after {ElapsedMs} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

/// <summary>Static state in a generic class exists once per request type; keep it here.</summary>
internal static class MediationTelemetry
{
    public static readonly ActivitySource Source = new("DigiHelsestasjon.Mediation");
}

/// <summary>Runs every <see cref="IValidator{T}"/> for the request; a request that fails never reaches its handler.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = validators.SelectMany(v => v.Validate(request)).ToList();
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return next();
    }
}

/// <summary>For commands: the outermost command of the scope commits every module's changes (and outbox rows) in
/// one transaction after its handler returns; a nested command joins it. If the handler throws, nothing is saved.
/// A query must leave nothing to save; a workflow must not run inside a command (its steps would not commit on their own).</summary>
internal sealed class UnitOfWorkBehavior<TRequest, TResponse>(UnitOfWork unitOfWork) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        switch (request)
        {
            case ICommand<TResponse>:
                return await unitOfWork.ExecuteAsync(() => next(), cancellationToken);
            case IWorkflow<TResponse> when unitOfWork.IsActive:
                throw new InvalidOperationException($"{typeof(TRequest).Name} is a workflow of steps that commit on their own: send it outside any command.");
            case IQuery<TResponse>:
                return await unitOfWork.QueryAsync(typeof(TRequest).Name, () => next());
            default:
                return await next();
        }
    }
}
