using MediatR;

namespace DigiHelsestasjon.BuildingBlocks.Contracts;

/// <summary>A request that changes state. The unit-of-work behaviour saves the module's
/// changes (and its outbox rows) in one transaction after the handler returns.</summary>
public interface ICommand<out TResult> : IRequest<TResult>;

/// <summary>A request that only reads: its handler writes nothing (the unit-of-work behaviour refuses one that does).</summary>
public interface IQuery<out TResult> : IRequest<TResult>;

/// <summary>A request of steps that each commit on their own, because one of them waits on something outside (a journal
/// answering a reservation) and no transaction may be held over that. Sent on its own, never inside a command.</summary>
public interface IWorkflow<out TResult> : IRequest<TResult>;
