namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>Work outside the queues that sends into the platform later, for example a simulated journal's
/// outbound messages. A test harness that waits for the platform to be quiet waits for these too.</summary>
public interface IBackgroundActivity
{
    string Name { get; }

    /// <summary>Monotonic count of work started; unchanged between two looks means nothing started in between.</summary>
    long Started { get; }

    bool IsIdle { get; }
}
