using MediatR;

namespace DigiHelsestasjon.BuildingBlocks.Contracts;

/// <summary>A request that changes state. The unit-of-work behaviour saves the module's
/// changes (and its outbox rows) in one transaction after the handler returns.</summary>
public interface ICommand<out TResult> : IRequest<TResult>;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResult> : IRequest<TResult>;
