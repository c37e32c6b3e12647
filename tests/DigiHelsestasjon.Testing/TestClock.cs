using Microsoft.Extensions.Time.Testing;

namespace DigiHelsestasjon.Testing;

/// <summary>The tests' clock: the library's <see cref="FakeTimeProvider"/>, moved by hand (<c>Advance</c>, <c>SetUtcNow</c>,
/// never backwards). It starts at the real current time, so every run exercises a new date; a test that needs a fixed
/// instant passes one. Two things differ from the library's defaults, on purpose:
/// <list type="bullet">
/// <item>each reading is a microsecond (PostgreSQL's resolution) after the last, like a real clock never the same
/// instant twice, so events keep the order they happened in;</item>
/// <item>timers and timestamps are real: the host's background workers poll and wait on real time (a fake timer would
/// fire only when a test advances the clock, and a test waits for the platform with <c>QuietAsync</c>, not by moving
/// time). Only dates and times the platform records or compares come from this clock.</item>
/// </list></summary>
public sealed class TestClock : FakeTimeProvider
{
    private static readonly TimeSpan Resolution = TimeSpan.FromTicks(10);

    public TestClock()
        : this(TimeProvider.System.GetUtcNow())
    {
    }

    public TestClock(DateTimeOffset start)
        : base(start)
    {
        AutoAdvanceAmount = Resolution;
        SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"));
    }

    public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

    public override long GetTimestamp() => TimeProvider.System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
