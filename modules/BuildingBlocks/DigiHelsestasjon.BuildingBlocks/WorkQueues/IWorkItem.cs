namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>A row of a table that is a work queue with states (an EPJ item, a notice): the columns that claim, backlog,
/// listing and requeue read, named the same in every such table.</summary>
public interface IWorkItem
{
    Guid Id { get; }

    string Kind { get; }

    string State { get; set; }

    int Attempts { get; set; }

    DateTime NextAttemptAt { get; set; }

    DateTime? LeaseUntil { get; set; }

    string? LockedBy { get; set; }

    string? LastError { get; set; }

    DateTime CreatedAt { get; }

    DateTime UpdatedAt { get; set; }
}
