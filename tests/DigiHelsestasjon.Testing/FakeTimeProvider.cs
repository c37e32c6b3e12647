namespace DigiHelsestasjon.Testing;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not on the mirror).
/// It starts at the real current time, so every run exercises a new date; a test that needs a fixed
/// instant sets it explicitly.</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = start;

    public FakeTimeProvider()
        : this(TimeProvider.System.GetUtcNow())
    {
    }

    /// <summary>Like a real clock, never the same instant twice: each reading is a microsecond (PostgreSQL's
    /// resolution) after the last, so events keep the order they happened in.</summary>
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            now += Resolution;
            return now;
        }
    }

    private static readonly TimeSpan Resolution = TimeSpan.FromTicks(10);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (gate)
        {
            now = value;
        }
    }
}
