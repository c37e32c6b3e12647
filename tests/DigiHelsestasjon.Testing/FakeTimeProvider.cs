namespace DigiHelsestasjon.Testing;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not on the mirror).</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = start;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

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
